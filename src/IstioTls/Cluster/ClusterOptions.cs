namespace IstioTls.Cluster;

/// <summary>
/// The flags kubectl plugins take from k8s.io/cli-runtime: which kubeconfig, context, cluster
/// and user, impersonation, and how long a request may take.
/// </summary>
public sealed record ClusterOptions
{
    public string? Kubeconfig { get; init; }

    public string? Context { get; init; }

    public string? Cluster { get; init; }

    public string? User { get; init; }

    /// <summary><c>--as</c>: impersonate this user.</summary>
    public string? Impersonate { get; init; }

    /// <summary><c>--request-timeout</c>: a bound on each request, retries included; null: none.</summary>
    public TimeSpan? RequestTimeout { get; init; }
}
