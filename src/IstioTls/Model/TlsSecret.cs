namespace IstioTls.Model;

/// <summary>
/// A Secret a server references as its certificate, as read: the leaf certificate, or the reason
/// it could not be used (forbidden, missing, not a certificate). The key is never read.
/// </summary>
public sealed record TlsSecret(string Namespace, string Name, CertificateInfo? Certificate, string? Problem, SourceLocation Source)
{
    public string Key => $"{Namespace}/{Name}";
}
