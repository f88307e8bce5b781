using IstioTls.Cluster;
using IstioTls.CommandLine;

namespace IstioTls.Plans.Merge;

/// <summary>
/// Applies a plan computed from objects read from a cluster: saves a backup, then makes the
/// plan's writes in order, each carrying the resourceVersion that was read (or that its own
/// previous write returned), so that an object changed by someone else stops the run with a
/// conflict instead of being overwritten. Re-running is safe: planning again from the cluster
/// finds only what is left to do.
/// </summary>
public sealed class MergeExecutor(IClusterObjects cluster)
{
    /// <summary>Returns the backup file's path, or null when the plan has nothing to write.
    /// <paramref name="progress"/> hears of the backup and of every write as it is made.</summary>
    public async Task<string?> RunAsync(MergePlan plan, string backupDirectory, Action<string> progress, CancellationToken cancellationToken)
    {
        if (!plan.HasChanges)
        {
            return null;
        }
        if (plan.Steps.FirstOrDefault(s => s.ResourceVersion is null) is { } unread)
        {
            throw new UsageException($"{unread.Target} has no resourceVersion: merge applies only plans made from objects read from the cluster");
        }
        var backup = MergeBackup.Write(backupDirectory, plan);
        progress($"saved the {plan.Apply.Count + plan.Delete.Count} objects to change as they are now: {backup} (kubectl apply -f {backup} restores them)");
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
                throw new MergeStoppedException(Stopped(plan, step, done, e, backup), e as ClusterException);
            }
            done.Add(step);
            progress(step.Description);
        }
        return backup;
    }

    private static string Stopped(MergePlan plan, PlanStep failed, IReadOnlyList<PlanStep> done, Exception cause, string backup)
    {
        var what = cause is ClusterException ? cause.Message : "interrupted";
        var written = done.Count == 0 ? "nothing" : string.Join("; ", done.Select(s => s.Description));
        var left = plan.Steps.Skip(done.Count).ToList();
        var next = left.All(s => s.Kind == StepKind.Unbind)
            ? $"The merge is done and serves every host, but {string.Join(", ", left.Select(s => s.Target.ToString()))} still name deleted Gateways, which Istio ignores; running merge again does not see them (the Gateways are gone): remove the names by hand ({string.Join("; ", left.Select(s => s.Description))})."
            : "Run merge again to continue from there: it plans from the cluster as it is now and does only what is left.";
        return $"{failed.Target}: {what}; stopped before this write ({failed.Description}). Written: {written}. {next} The objects as they were are in {backup}.";
    }
}

/// <summary>A merge that stopped part way: the message says what was written and what to do.</summary>
public sealed class MergeStoppedException(string message, ClusterException? cause)
    : ClusterException(message, cause?.StatusCode);
