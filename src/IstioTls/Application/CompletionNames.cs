using IstioTls.Cluster;

namespace IstioTls.Application;

/// <summary>What shell completion reads from the cluster.</summary>
public enum ClusterNames
{
    Namespaces,
    IstioGateways,
}

/// <summary>
/// Names from the cluster for shell completion, from the context the command would use: a tab
/// press must answer at once and never print, so the whole read gets a short budget (no retry
/// outlives it) and any failure (no kubeconfig, unreachable, forbidden, too slow) offers nothing.
/// </summary>
public static class CompletionNames
{
    /// <summary>Long enough for a nearby API server, short enough for a tab press.</summary>
    public static readonly TimeSpan Budget = TimeSpan.FromSeconds(2);

    public static IReadOnlyList<ListedName> Read(ClusterOptions options, ClusterNames what, TimeSpan budget)
    {
        using var deadline = new CancellationTokenSource(budget);
        var read = Task.Run(() => ReadAsync(options with { RequestTimeout = budget, Verbosity = 0 }, what, deadline.Token));
        try
        {
            // Wait, not await: a credential plugin may ignore the token, and the answer is due now.
            return read.Wait(budget) ? read.Result : [];
        }
        catch (AggregateException)
        {
            return [];
        }
    }

    private static async Task<IReadOnlyList<ListedName>> ReadAsync(ClusterOptions options, ClusterNames what, CancellationToken cancellationToken)
    {
        var kubeconfig = Kubeconfig.Load(options.Kubeconfig, Environment.GetEnvironmentVariable, options.Server is not null);
        var context = ContextSelection.Resolve(kubeconfig, options.Context, [], false, Kubeconfig.FlagsOnly(options))[0];
        using var connection = KubeConnection.Open(kubeconfig, context, options);
        return what switch
        {
            ClusterNames.Namespaces => await NameListing.NamespacesAsync(connection, cancellationToken).ConfigureAwait(false),
            _ => await NameListing.IstioGatewaysAsync(connection, cancellationToken).ConfigureAwait(false),
        };
    }
}
