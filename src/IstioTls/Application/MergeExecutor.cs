using IstioTls.Cluster;
using IstioTls.Model;
using IstioTls.Plans;
using IstioTls.Plans.Merge;

namespace IstioTls.Application;

/// <summary>
/// Applies a plan computed from objects read from a cluster: saves a backup, then makes the
/// plan's writes in order, each carrying the resourceVersion that was read (or that its own
/// previous write returned), so that an object changed by someone else stops the run with a
/// conflict instead of being overwritten. Re-running is safe: planning again from the cluster
/// finds only what is left to do.
/// </summary>
/// <param name="serverDryRun">The cluster only validates the writes (<c>--dry-run=server</c>):
/// no backup is needed, and every line says it was a dry run.</param>
public sealed class MergeExecutor(IClusterObjects cluster, bool serverDryRun = false)
{
    /// <summary>Returns the backup file's path, or null when the plan has nothing to write (or
    /// nothing was written: a server dry run).
    /// <paramref name="progress"/> hears of the backup and of every write as it is made.</summary>
    public async Task<string?> RunAsync(MergePlan plan, string backupDirectory, Action<string> progress, CancellationToken cancellationToken)
    {
        if (!plan.HasChanges)
        {
            return null;
        }
        if (plan.Steps.FirstOrDefault(s => s.ResourceVersion is null) is { } unread)
        {
            throw new PlanException($"{unread.Target} has no resourceVersion: merge applies only plans made from objects read from the cluster");
        }
        string? backup = null;
        if (!serverDryRun)
        {
            backup = MergeBackup.Write(backupDirectory, plan);
            var count = plan.Apply.Count + plan.Delete.Count;
            progress(count == 1
                ? $"saved the 1 object to change as it is now: {backup} (kubectl apply -f {backup} restores it)"
                : $"saved the {count} objects to change as they are now: {backup} (kubectl apply -f {backup} restores them)");
        }
        var done = new List<PlanStep>();
        var versions = new Dictionary<ObjectRef, string?>();
        foreach (var step in plan.Steps)
        {
            try
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (step.Kind == StepKind.Delete)
                {
                    await cluster.DeleteAsync(step.Target, step.ResourceVersion, cancellationToken);
                }
                else
                {
                    var body = step.Body!.DeepClone().AsObject();
                    ManifestObjects.SetResourceVersion(body, versions.GetValueOrDefault(step.Target, step.ResourceVersion));
                    var stored = await cluster.ReplaceAsync(body, cancellationToken);
                    versions[step.Target] = ManifestObjects.ResourceVersion(stored);
                }
            }
            catch (Exception e) when (e is ClusterException or OperationCanceledException)
            {
                throw new MergeStoppedException(serverDryRun
                    ? $"{step.Target}: {(e is ClusterException ? e.Message : "interrupted")}: the server refused this write (server dry run: nothing was changed)"
                    : Stopped(plan, step, done, e, backup!), e as ClusterException);
            }
            done.Add(step);
            progress(serverDryRun ? $"{step.Description} (server dry run)" : step.Description);
        }
        return backup;
    }

    private static string Stopped(MergePlan plan, PlanStep failed, IReadOnlyList<PlanStep> done, Exception cause, string backup)
    {
        var what = cause is ClusterException ? cause.Message : "interrupted";
        var written = done.Count == 0 ? "nothing" : string.Join("; ", done.Select(s => s.Description));
        var gone = done.Where(s => s.Kind == StepKind.Delete).Select(s => $"{s.Target.Namespace}/{s.Target.Name}").ToHashSet(StringComparer.Ordinal);
        // A re-run plans from what exists: names of a Gateway already deleted, and a wildcard
        // whose group has no server left outside the merged one, are invisible to it. A group's
        // servers leave with the first write to their Gateway (a survivor that gives servers
        // away and gets a merged server sheds them first).
        var left = plan.Steps.Skip(done.Count).ToList();
        bool Written(string gateway) => done.Any(s => MovesServers(s, gateway));
        bool Seen(IReadOnlyList<string> group) => group.Any(g => plan.Steps.Any(s => MovesServers(s, g)) && !Written(g));
        var stranded = left.Where(s => s.Kind switch
        {
            StepKind.Unbind => s.Dropped.Any(gone.Contains),
            StepKind.Wildcard => !s.WildcardGroups.All(Seen),
            _ => false,
        }).ToList();
        var next = left.All(stranded.Contains)
            ? "Every host is served and routed."
            : "Run merge again to continue from there: it plans from the cluster as it is now and does only what is left.";
        if (stranded.Count > 0)
        {
            next += $" A re-run cannot see what is left of these writes (names of deleted Gateways do nothing in Istio); make them by hand if you want them: {string.Join("; ", stranded.Select(s => s.Description))}.";
        }
        return $"{failed.Target}: {what}; stopped before this write ({failed.Description}). Written: {written}. {next} The objects as they were are in {backup}.";
    }

    private static bool MovesServers(PlanStep step, string gateway) =>
        step.Kind is StepKind.Survivor or StepKind.Absorbed or StepKind.Delete
        && step.Target.Kind == "Gateway" && $"{step.Target.Namespace}/{step.Target.Name}" == gateway;
}

/// <summary>A merge that stopped part way: the message says what was written and what to do.</summary>
public sealed class MergeStoppedException(string message, ClusterException? cause)
    : ClusterException(message, cause?.StatusCode);
