using IstioTls.Model;

namespace IstioTls.Analysis;

/// <summary>
/// Which certificate a terminating server presents, as names that are equal exactly when the
/// certificate is the same object: a Secret (<c>credentialName</c>, each of
/// <c>credentialNames</c>; <c>kubernetes://name</c> is <c>name</c>) or a mounted file.
/// </summary>
public static class CertificateIdentity
{
    private const string KubernetesScheme = "kubernetes://";

    public static IReadOnlyList<string> Of(Server server)
    {
        if (server.Tls is not { } tls)
        {
            return [];
        }
        if (tls.CredentialName is { } credential)
        {
            return [SecretName(credential)];
        }
        if (tls.CredentialNames.Count > 0)
        {
            return [.. tls.CredentialNames.Select(SecretName).Distinct(StringComparer.Ordinal)];
        }
        if (tls.TlsCertificates.Count > 0)
        {
            return [.. tls.TlsCertificates.Where(c => c.ServerCertificate is not null).Select(c => FilePath(c.ServerCertificate!)).Distinct(StringComparer.Ordinal)];
        }
        return tls.ServerCertificate is { } file ? [FilePath(file)] : [];
    }

    /// <summary>The Secret's name without the <c>kubernetes://</c> scheme.</summary>
    public static string SecretName(string credentialName) =>
        credentialName.StartsWith(KubernetesScheme, StringComparison.Ordinal) ? credentialName[KubernetesScheme.Length..] : credentialName;

    /// <summary>How a finding names the certificate: the Secret in the workload's namespace when
    /// it is known, else the Secret's name; files by path.</summary>
    public static string Display(string identity, string? workloadNamespace) =>
        identity.StartsWith('/') || identity.StartsWith("file:", StringComparison.Ordinal) || workloadNamespace is null
            ? identity
            : $"{workloadNamespace}/{identity}";

    private static string FilePath(string path) => path.StartsWith('/') ? path : "file:" + path;
}
