namespace IstioTls.Model;

/// <summary>One entry of ServerTLSSettings.tlsCertificates: certificate files mounted into the proxy.</summary>
public sealed record TlsCertificateFiles(string? ServerCertificate, string? PrivateKey, string? CaCertificates);

/// <summary>A server's <c>tls</c> block, with the fields that decide certificate identity and
/// whether two servers can be merged.</summary>
public sealed record ServerTls(
    TlsMode Mode,
    bool HttpsRedirect,
    string? CredentialName,
    IReadOnlyList<string> CredentialNames,
    IReadOnlyList<TlsCertificateFiles> TlsCertificates,
    string? ServerCertificate,
    string? PrivateKey,
    string? CaCertificates,
    string? CaCrl,
    IReadOnlyList<string> SubjectAltNames,
    IReadOnlyList<string> VerifyCertificateSpki,
    IReadOnlyList<string> VerifyCertificateHash,
    string? MinProtocolVersion,
    string? MaxProtocolVersion,
    IReadOnlyList<string> CipherSuites)
{
    public static ServerTls Default(TlsMode mode) =>
        new(mode, false, null, [], [], null, null, null, null, [], [], [], null, null, []);
}
