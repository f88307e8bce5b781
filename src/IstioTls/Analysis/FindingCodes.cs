namespace IstioTls.Analysis;

/// <summary>Stable finding codes: scripts, jq filters and the ignore annotation use them.</summary>
public static class FindingCodes
{
    /// <summary>Different servers on one gateway workload and port share a TLS certificate.</summary>
    public const string SharedCertificate = "SharedCertificate";

    /// <summary>As <see cref="SharedCertificate"/>, across Gateways whose selectors are nested, so
    /// they may or may not reach the same pods (offline, without pods to tell).</summary>
    public const string PossibleSharedCertificate = "PossibleSharedCertificate";

    /// <summary>Two TLS servers on one workload and port list the same host: istiod keeps the
    /// older server and drops the other.</summary>
    public const string DuplicateHost = "DuplicateHost";

    /// <summary>Two filter chains of one Envoy listener match the same SNI name: Envoy rejects the
    /// whole listener.</summary>
    public const string ListenerRejected = "ListenerRejected";

    /// <summary>This tool's precise 421 filter matches no listener of its workload (its
    /// <c>portNumber</c> is not the port Envoy listens on): it mitigates nothing.</summary>
    public const string UnmatchedMisdirectedFilter = "UnmatchedMisdirectedFilter";

    /// <summary>One server's certificate covers a host of another server on the same workload and
    /// port that the first does not serve (a wildcard, or the same names in another Secret):
    /// browsers reuse the first server's connection for that host and get 404
    /// (<c>--inspect-certs</c>).</summary>
    public const string CoveringCertificate = "CoveringCertificate";

    /// <summary>A server presents a certificate that has expired (<c>--inspect-certs</c>).</summary>
    public const string CertificateExpired = "CertificateExpired";

    /// <summary>A server presents a certificate that expires within <c>--expiry-warning</c>
    /// (<c>--inspect-certs</c>).</summary>
    public const string CertificateExpiring = "CertificateExpiring";

    /// <summary>A server lists a host that its own certificate does not cover: browsers refuse
    /// it (<c>--inspect-certs</c>).</summary>
    public const string HostNotCovered = "HostNotCovered";

    /// <summary>An EnvoyFilter carrying the widely copied 421 Lua snippet (the seed's Solution 2),
    /// with its known defects.</summary>
    public const string SeedMisdirectedFilter = "SeedMisdirectedFilter";

    /// <summary>This tool's precise 421 filter, generated from hosts that no longer match the
    /// Gateways of its workload.</summary>
    public const string StaleMisdirectedFilter = "StaleMisdirectedFilter";

    /// <summary>This tool's strict 421 filter on a workload whose servers no longer share a
    /// certificate (after a merge): it only costs browsers new connections now.</summary>
    public const string UnneededMisdirectedFilter = "UnneededMisdirectedFilter";

    public static readonly IReadOnlyList<string> All = [SharedCertificate, PossibleSharedCertificate, DuplicateHost, ListenerRejected, SeedMisdirectedFilter, StaleMisdirectedFilter, UnneededMisdirectedFilter, CoveringCertificate, CertificateExpired, CertificateExpiring, HostNotCovered, UnmatchedMisdirectedFilter];
}
