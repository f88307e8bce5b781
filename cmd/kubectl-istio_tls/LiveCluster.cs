using IstioTls.Cluster;
using IstioTls.CommandLine;
using IstioTls.Model;

namespace IstioTls.Cli;

/// <summary>
/// The kubeconfig context as <c>merge</c> reads and writes it: the snapshot to plan from and
/// the objects to write. Reading a cluster (issue 3) supplies both; until then only files are
/// planned.
/// </summary>
internal sealed record LiveCluster(ConfigSnapshot Snapshot, IClusterObjects Objects)
{
    public static LiveCluster Connect() =>
        throw new UsageException("merge on a cluster needs the kubeconfig context, which this build cannot read yet; plan from manifests with: merge --dry-run -f PATH [-o manifests]");
}
