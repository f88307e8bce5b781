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
}
