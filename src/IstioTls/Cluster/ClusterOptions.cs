namespace IstioTls.Cluster;

/// <summary>
/// The flags kubectl plugins take from k8s.io/cli-runtime: which kubeconfig, context, cluster
/// and user, the connection flags that override the context's cluster and user (as kubectl's
/// <c>--server</c>, <c>--token</c>, ...), impersonation, and how long a request may take.
/// </summary>
public sealed record ClusterOptions
{
    public string? Kubeconfig { get; init; }

    public string? Context { get; init; }

    public string? Cluster { get; init; }

    public string? User { get; init; }

    /// <summary><c>--as</c>: impersonate this user.</summary>
    public string? Impersonate { get; init; }

    /// <summary><c>--as-group</c>: impersonate these groups (needs a user to impersonate).</summary>
    public IReadOnlyList<string> ImpersonateGroups { get; init; } = [];

    /// <summary><c>--as-uid</c>: impersonate this UID (needs a user to impersonate).</summary>
    public string? ImpersonateUid { get; init; }

    /// <summary><c>-s/--server</c>: the API server's address, instead of the context's cluster's.</summary>
    public string? Server { get; init; }

    /// <summary><c>--token</c>: a bearer token, instead of the context's user's.</summary>
    public string? Token { get; init; }

    /// <summary><c>--certificate-authority</c>: a CA file that replaces the cluster's CA.</summary>
    public string? CertificateAuthority { get; init; }

    /// <summary><c>--client-certificate</c>: a client certificate file.</summary>
    public string? ClientCertificate { get; init; }

    /// <summary><c>--client-key</c>: the client certificate's key file.</summary>
    public string? ClientKey { get; init; }

    /// <summary><c>--insecure-skip-tls-verify</c>: do not check the server's certificate.</summary>
    public bool InsecureSkipTlsVerify { get; init; }

    /// <summary><c>--tls-server-name</c>: the name the server's certificate is checked against.</summary>
    public string? TlsServerName { get; init; }

    /// <summary><c>--request-timeout</c>: a bound on each request, retries included; null: none.</summary>
    public TimeSpan? RequestTimeout { get; init; }

    /// <summary><c>-v</c>: 6 logs each request on stderr, 8 its headers too (credentials masked).</summary>
    public int Verbosity { get; init; }

    /// <summary>True when a flag changes the connection of every context (<c>--server</c>, <c>--token</c>, ...).</summary>
    public bool OverridesConnection =>
        Server is not null || Token is not null || CertificateAuthority is not null || ClientCertificate is not null
        || ClientKey is not null || InsecureSkipTlsVerify || TlsServerName is not null;
}
