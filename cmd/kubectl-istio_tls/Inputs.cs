using IstioTls.Cluster;
using IstioTls.CommandLine;
using IstioTls.Sources;

namespace IstioTls.Cli;

/// <summary>Where a command's objects come from: manifest files with <c>-f</c>, or the kubeconfig
/// contexts the global flags name.</summary>
internal static class Inputs
{
    /// <param name="inspectCertificates">Also read the Secrets the servers reference (<c>--inspect-certs</c>).</param>
    /// <param name="keepObjects">Keep the objects whole, for plans that write them back (merge).</param>
    public static async Task<IReadOnlyList<ContextSnapshot>> LoadAsync(GlobalFlags flags, string[]? filename, CancellationToken cancellationToken, bool inspectCertificates = false, bool keepObjects = true)
    {
        if (filename is { Length: > 0 })
        {
            if (flags.NamesACluster)
            {
                throw new UsageException("-f reads manifest files; it cannot be combined with --kubeconfig, --context, --contexts, --all-contexts, --cluster, --user or --as");
            }
            return [new ContextSnapshot("", ManifestFiles.Load(filename, inspectCertificates: inspectCertificates, keepObjects: keepObjects), null)];
        }
        var kubeconfig = Kubeconfig.Load(flags.Kubeconfig, Environment.GetEnvironmentVariable);
        var contexts = ContextSelection.Resolve(kubeconfig, flags.Context, flags.ContextList, flags.AllContexts);
        return await ClusterSnapshots.ReadAsync(kubeconfig, contexts, flags.ClusterOptions(), cancellationToken, inspectCertificates, keepObjects).ConfigureAwait(false);
    }

    public static bool FromFiles(string[]? filename) => filename is { Length: > 0 };

    /// <summary>One context to write to (merge, apply-421): its connection and what it holds now.
    /// Writes go to one cluster at a time, so several contexts are refused.</summary>
    public static async Task<(KubeConnection Connection, ContextSnapshot Snapshot)> OpenForWritesAsync(GlobalFlags flags, string command, CancellationToken cancellationToken)
    {
        if (flags.Contexts is not null || flags.AllContexts)
        {
            throw new UsageException($"{command} writes to one cluster: choose it with --context, not --contexts or --all-contexts");
        }
        var kubeconfig = Kubeconfig.Load(flags.Kubeconfig, Environment.GetEnvironmentVariable);
        var context = ContextSelection.Resolve(kubeconfig, flags.Context, [], false)[0];
        var connection = KubeConnection.Open(kubeconfig, context, flags.ClusterOptions());
        try
        {
            var snapshot = await ClusterReader.ReadAsync(connection, ContextSelection.NamespaceOf(kubeconfig, context), cancellationToken).ConfigureAwait(false);
            return (connection, new ContextSnapshot(context, snapshot, null));
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }
}
