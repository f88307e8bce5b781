using IstioTls.Model;

namespace IstioTls.Analysis;

/// <summary>What one finding code says beyond the common core of <see cref="Finding"/>.</summary>
public abstract record FindingDetail
{
    /// <summary>The hosts the finding is about, as its code defines them; the document always
    /// has them (<c>.findings[].hosts</c>), so every code says which they are.</summary>
    public abstract IReadOnlyList<string> Hosts { get; }
}

/// <summary>A finding about a certificate: the Secret names or file paths it goes by (<c>ns/name</c>
/// when the workload's namespace is known), and its SHA-256 fingerprints where it was read
/// (<c>--inspect-certs</c>), never the certificate itself.</summary>
public abstract record CertificateDetail(string Certificate, IReadOnlyList<string> Fingerprints) : FindingDetail;

/// <summary>SharedCertificate and PossibleSharedCertificate: the certificate the servers share,
/// and every host of those servers (the hosts a browser pools one connection across).</summary>
public sealed record SharedCertificateDetail(string Certificate, IReadOnlyList<string> Fingerprints, IReadOnlyList<string> ServerHosts)
    : CertificateDetail(Certificate, Fingerprints)
{
    public override IReadOnlyList<string> Hosts => ServerHosts;
}

/// <summary>DuplicateHost: the hosts more than one server lists.</summary>
public sealed record DuplicateHostDetail(IReadOnlyList<string> Duplicated) : FindingDetail
{
    public override IReadOnlyList<string> Hosts => Duplicated;
}

/// <summary>A host of one server that another server's certificate covers, and the certificate
/// name (DNS SAN) that covers it.</summary>
public sealed record CoveredHost(string Host, string San);

/// <summary>CoveringCertificate: the first server's certificate, and each host of the second
/// server it covers.</summary>
public sealed record CoveringCertificateDetail(string Certificate, IReadOnlyList<string> Fingerprints, IReadOnlyList<CoveredHost> CoveredHosts)
    : CertificateDetail(Certificate, Fingerprints)
{
    public override IReadOnlyList<string> Hosts { get; } = [.. CoveredHosts.Select(h => h.Host)];
}

/// <summary>CertificateExpired and CertificateExpiring: when the certificate expires, and the hosts
/// of the servers that present it.</summary>
public sealed record CertificateValidityDetail(string Certificate, string Fingerprint, DateTimeOffset NotAfter, IReadOnlyList<string> ServerHosts)
    : CertificateDetail(Certificate, [Fingerprint])
{
    public override IReadOnlyList<string> Hosts => ServerHosts;
}

/// <summary>HostNotCovered: the server's hosts its certificate does not cover, and the DNS names it
/// does cover.</summary>
public sealed record HostNotCoveredDetail(string Certificate, IReadOnlyList<string> Fingerprints, IReadOnlyList<string> Uncovered, IReadOnlyList<string> DnsNames)
    : CertificateDetail(Certificate, Fingerprints)
{
    public override IReadOnlyList<string> Hosts => Uncovered;
}

/// <summary>SeedMisdirectedFilter, StaleMisdirectedFilter and UnneededMisdirectedFilter: the
/// EnvoyFilter, the hosts of its workload it is about, and further lines of explanation (a copied
/// snippet's defects).</summary>
public sealed record MisdirectedFilterDetail(EnvoyFilter Filter, IReadOnlyList<string> FilterHosts, IReadOnlyList<string> Details) : FindingDetail
{
    public override IReadOnlyList<string> Hosts => FilterHosts;
}

/// <summary>ListenerRejected: the SNI names (<c>*</c> for the catch-all) that more than one
/// filter chain of the listener matches.</summary>
public sealed record ListenerRejectedDetail(IReadOnlyList<string> ServerNames) : FindingDetail
{
    public override IReadOnlyList<string> Hosts => ServerNames;
}
