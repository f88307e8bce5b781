namespace IstioTls.Model;

/// <summary>A server's <c>tls</c> block, with the fields that decide certificate identity. The
/// merge compares whole blocks as written (a field this model does not know keeps servers
/// apart), so only what the analysis reads is decoded.</summary>
/// <param name="TlsCertificates">The <c>serverCertificate</c> of each <c>tlsCertificates</c> entry.</param>
/// <param name="ServerCertificate">A mounted certificate file.</param>
public sealed record ServerTls(
    TlsMode Mode,
    string? CredentialName,
    IReadOnlyList<string> CredentialNames,
    IReadOnlyList<string> TlsCertificates,
    string? ServerCertificate)
{
    public static ServerTls Default(TlsMode mode) => new(mode, null, [], [], null);
}
