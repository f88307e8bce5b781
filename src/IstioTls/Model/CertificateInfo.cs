namespace IstioTls.Model;

/// <summary>
/// What the analysis knows of a leaf certificate: never the certificate itself or its key, only
/// what a browser compares (the DNS names) and what identifies it (the SHA-256 fingerprint).
/// </summary>
/// <param name="Fingerprint">SHA-256 of the DER certificate, <c>sha256:</c> and lower-case hex.</param>
/// <param name="DnsNames">The DNS subject alternative names, lower case; the subject's common
/// name only when there is no DNS name (browsers ignore the CN when there is one).</param>
/// <param name="NamesFromCommonName">True when <paramref name="DnsNames"/> is the common name.</param>
public sealed record CertificateInfo(
    string Fingerprint,
    IReadOnlyList<string> DnsNames,
    bool NamesFromCommonName,
    DateTimeOffset NotBefore,
    DateTimeOffset NotAfter);
