namespace IstioTls.Cluster;

/// <summary>
/// What a read through a context sees, for reading each cluster once when several contexts
/// name it: the API server and how it is trusted (after the connection flags), the user entry
/// whose credentials and impersonation the requests carry, and the context's namespace (the
/// scope a read falls back to where RBAC forbids cluster-wide lists). Contexts with the same
/// server but another user are read apart: RBAC may show each user other objects.
/// </summary>
public sealed record ReadTarget(string Server, string? TlsServerName, string? CertificateAuthority, string? CertificateAuthorityData, bool SkipTlsVerify, string? User, string? Namespace)
{
    /// <summary>The target of <paramref name="context"/>; null when the context cannot be
    /// resolved (its read fails on its own and names why).</summary>
    public static ReadTarget? Of(Kubeconfig kubeconfig, string context, ClusterOptions options)
    {
        try
        {
            var (endpoint, user) = kubeconfig.EndpointOf(context, options);
            return endpoint.Server is { Length: > 0 } server
                ? new ReadTarget(server.TrimEnd('/'), endpoint.TlsServerName, endpoint.CertificateAuthority, endpoint.CertificateAuthorityData, endpoint.SkipTlsVerify, user, ContextSelection.NamespaceOf(kubeconfig, context))
                : null;
        }
        catch (ClusterException)
        {
            return null;
        }
    }
}
