using IstioTls.Cluster;
using IstioTls.Model;
using IstioTls.Plans;
using IstioTls.Plans.Merge;

namespace IstioTls.Application;

/// <summary>
/// <c>merge</c>: the plan, made from files or from the one context it would be applied to, and
/// (live only) its application, backup first.
/// </summary>
public sealed class MergeRun : IDisposable
{
    private readonly KubeConnection? _connection;

    private MergeRun(KubeConnection? connection, ConfigSnapshot snapshot, MergePlan plan)
    {
        _connection = connection;
        Snapshot = snapshot;
        Plan = plan;
    }

    public ConfigSnapshot Snapshot { get; }

    public MergePlan Plan { get; }

    /// <summary>The context the plan would be written to; null for files, which are not a cluster.</summary>
    public string? Context => _connection?.Context;

    public static async Task<MergeRun> PlanAsync(InputSelection input, MergeOptions options, CancellationToken cancellationToken)
    {
        var (connection, read) = await InputLoader.ReadForPlanAsync(input, cancellationToken, keepObjects: true).ConfigureAwait(false);
        try
        {
            return new MergeRun(connection, read.Snapshot, MergePlanner.Plan(read.Snapshot, read.Objects!, options));
        }
        catch
        {
            connection?.Dispose();
            throw;
        }
    }

    /// <summary>Refuses a plan that must not be applied: one made from a cluster read only in part.
    /// Called before anyone is asked to confirm the writes.</summary>
    public void EnsureApplicable()
    {
        if (Snapshot.Partial)
        {
            throw new PlanException("not applying: the cluster could be read only in part (see the warnings), and VirtualServices merge cannot see would keep naming the Gateways it deletes");
        }
    }

    /// <summary>Makes the plan's writes, or with <paramref name="serverDryRun"/> has the server
    /// validate them; returns the backup's path (null: nothing written).</summary>
    public Task<string?> ApplyAsync(string backupDirectory, Action<string> progress, CancellationToken cancellationToken, bool serverDryRun = false)
    {
        var connection = _connection ?? throw new InvalidOperationException("a plan made from files has no cluster to apply it to");
        EnsureApplicable();
        return new MergeExecutor(new ClusterObjects(connection, serverDryRun), serverDryRun).RunAsync(Plan, backupDirectory, progress, cancellationToken);
    }

    public void Dispose() => _connection?.Dispose();
}
