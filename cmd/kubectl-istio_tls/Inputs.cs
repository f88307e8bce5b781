using IstioTls.Cluster;
using IstioTls.CommandLine;
using IstioTls.Sources;

namespace IstioTls.Cli;

/// <summary>Where a command's objects come from: manifest files with <c>-f</c>, or the kubeconfig
/// contexts the global flags name.</summary>
internal static class Inputs
{
    public static async Task<IReadOnlyList<ContextSnapshot>> LoadAsync(GlobalFlags flags, string[]? filename, CancellationToken cancellationToken)
    {
        if (filename is { Length: > 0 })
        {
            if (flags.NamesACluster)
            {
                throw new UsageException("-f reads manifest files; it cannot be combined with --kubeconfig, --context, --contexts, --all-contexts, --cluster, --user or --as");
            }
            return [new ContextSnapshot("", ManifestFiles.Load(filename), null)];
        }
        var kubeconfig = Kubeconfig.Load(flags.Kubeconfig, Environment.GetEnvironmentVariable);
        var contexts = ContextSelection.Resolve(kubeconfig, flags.Context, flags.ContextList, flags.AllContexts);
        return await ClusterSnapshots.ReadAsync(kubeconfig, contexts, flags.ClusterOptions(), cancellationToken).ConfigureAwait(false);
    }

    public static bool FromFiles(string[]? filename) => filename is { Length: > 0 };

    /// <summary>One context, read, with the connection to write to it: commands that change a
    /// cluster change one at a time.</summary>
    public static async Task<(IReadOnlyList<ContextSnapshot> Snapshots, KubeConnection Connection)> OpenOneContextAsync(GlobalFlags flags, string command, CancellationToken cancellationToken)
    {
        if (flags.Contexts is not null || flags.AllContexts)
        {
            throw new UsageException($"{command} changes one cluster at a time: use --context, not --contexts or --all-contexts");
        }
        var kubeconfig = Kubeconfig.Load(flags.Kubeconfig, Environment.GetEnvironmentVariable);
        var context = ContextSelection.Resolve(kubeconfig, flags.Context, [], allContexts: false)[0];
        var connection = KubeConnection.Open(kubeconfig, context, flags.ClusterOptions());
        try
        {
            var snapshot = await ClusterReader.ReadAsync(connection, ContextSelection.NamespaceOf(kubeconfig, context), cancellationToken).ConfigureAwait(false);
            return ([new ContextSnapshot(context, snapshot, null)], connection);
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }
}
