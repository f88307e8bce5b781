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

    /// <summary>An EnvoyFilter carrying the widely copied 421 Lua snippet (the seed's Solution 2),
    /// with its known defects.</summary>
    public const string SeedMisdirectedFilter = "SeedMisdirectedFilter";

    /// <summary>This tool's precise 421 filter, generated from hosts that no longer match the
    /// Gateways of its workload.</summary>
    public const string StaleMisdirectedFilter = "StaleMisdirectedFilter";

    public static readonly IReadOnlyList<string> All = [SharedCertificate, PossibleSharedCertificate, DuplicateHost, SeedMisdirectedFilter, StaleMisdirectedFilter];
}
