using IstioTls.Cluster;
using IstioTls.CommandLine;

namespace IstioTls.Cli;

/// <summary>
/// The flags every command takes, as k8s.io/cli-runtime gives them to kubectl plugins: which
/// cluster (kubeconfig, context, cluster, user, impersonation, timeout), which namespaces, which
/// contexts, and colour. Program.cs declares them inline, where ConsoleAppFramework's generator
/// can read them for the help text.
/// </summary>
internal sealed record GlobalFlags(
    string? Kubeconfig,
    string? Context,
    string? Cluster,
    string? User,
    string? Namespace,
    bool AllNamespaces,
    string? RequestTimeout,
    string? As,
    string? Contexts,
    bool AllContexts,
    string Color)
{
    public ClusterOptions ClusterOptions()
    {
        TimeSpan? timeout;
        try
        {
            timeout = IstioTls.Cluster.ClusterOptions.ParseTimeout(RequestTimeout);
        }
        catch (ArgumentException e)
        {
            throw new UsageException($"--request-timeout: {e.Message}");
        }
        return new ClusterOptions
        {
            Kubeconfig = Kubeconfig,
            Context = Context,
            Cluster = Cluster,
            User = User,
            Impersonate = As,
            RequestTimeout = timeout,
        };
    }

    public IReadOnlyList<string> ContextList =>
        Contexts is null ? [] : Contexts.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>The namespace the report is limited to; <c>-A</c> wins over <c>-n</c>, as in kubectl.</summary>
    public string? ReportNamespace => AllNamespaces ? null : Namespace;

    /// <summary>True when a flag names a cluster, which <c>-f</c> cannot be combined with.</summary>
    public bool NamesACluster => Kubeconfig is not null || Context is not null || Cluster is not null || User is not null || As is not null || Contexts is not null || AllContexts;
}
