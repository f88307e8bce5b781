using IstioTls.Model;

namespace IstioTls.Analysis;

/// <summary>
/// Which certificate a terminating server presents, as names that are equal exactly when the
/// certificate is the same object: a Secret (<c>credentialName</c>, each of
/// <c>credentialNames</c>; <c>kubernetes://name</c> is <c>name</c>, in the gateway workload's
/// namespace; a Gateway API <c>kubernetes-gateway://ns/name</c> is <c>ns/name</c>) or a mounted
/// file. With <c>--inspect-certs</c>, <see cref="ServerCertificates"/> goes further and compares
/// the certificates the Secrets hold.
/// </summary>
public static class CertificateIdentity
{

    public static IReadOnlyList<string> Of(Server server)
    {
        if (server.Tls is not { } tls)
        {
            return [];
        }
        if (tls.CredentialName is { } credential)
        {
            if (CredentialName.IsBuiltin(credential))
            {
                // The workload's mesh certificate: no DNS names a browser could pool on.
                return [];
            }
            return [CredentialName.SecretName(credential)];
        }
        if (tls.CredentialNames.Count > 0)
        {
            return [.. tls.CredentialNames.Select(CredentialName.SecretName).Distinct(StringComparer.Ordinal)];
        }
        if (tls.TlsCertificates.Count > 0)
        {
            return [.. tls.TlsCertificates.Select(FilePath).Distinct(StringComparer.Ordinal)];
        }
        return tls.ServerCertificate is { } file ? [FilePath(file)] : [];
    }

    /// <summary>How a finding names the certificate: the Secret in the workload's namespace when
    /// it is known, else the Secret's name; files by path.</summary>
    public static string Display(string identity, string? workloadNamespace) =>
        IsFile(identity) || identity.Contains('/', StringComparison.Ordinal) || workloadNamespace is null
            ? identity
            : $"{workloadNamespace}/{identity}";

    /// <summary>A mounted certificate file rather than a Secret.</summary>
    public static bool IsFile(string identity) => identity.StartsWith('/') || identity.StartsWith("file:", StringComparison.Ordinal);

    /// <summary>The Secret an identity names: its own namespace (Gateway API), else the gateway
    /// workload's, else unknown (null).</summary>
    public static (string? Namespace, string Name) Secret(string identity, string? workloadNamespace)
    {
        var slash = identity.IndexOf('/', StringComparison.Ordinal);
        return slash < 0 ? (workloadNamespace, identity) : (identity[..slash], identity[(slash + 1)..]);
    }

    private static string FilePath(string path) => path.StartsWith('/') ? path : "file:" + path;
}
