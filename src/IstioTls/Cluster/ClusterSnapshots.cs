using IstioTls.Analysis;
using IstioTls.Model;

namespace IstioTls.Cluster;

/// <summary>What one context gave: a snapshot, or the one-line reason it could not be read.</summary>
public sealed record ContextSnapshot(string Context, ConfigSnapshot? Snapshot, string? Error);

/// <summary>Reads several contexts concurrently (platform teams run many clusters); a context
/// that fails does not stop the others.</summary>
public static class ClusterSnapshots
{
    /// <param name="inspectCertificates">Also get the Secrets the servers reference (<c>--inspect-certs</c>).</param>
    public static async Task<IReadOnlyList<ContextSnapshot>> ReadAsync(Kubeconfig kubeconfig, IReadOnlyList<string> contexts, ClusterOptions options, CancellationToken cancellationToken, bool inspectCertificates = false, bool keepObjects = true)
    {
        var reads = contexts.Select(async context =>
        {
            try
            {
                using var connection = KubeConnection.Open(kubeconfig, context, options);
                var snapshot = await ClusterReader.ReadAsync(connection, ContextSelection.NamespaceOf(kubeconfig, context), cancellationToken, inspectCertificates, keepObjects).ConfigureAwait(false);
                return new ContextSnapshot(context, snapshot, null);
            }
            catch (ClusterException e)
            {
                return new ContextSnapshot(context, null, e.Message);
            }
        });
        return await Task.WhenAll(reads).ConfigureAwait(false);
    }

    /// <summary>One report over every context that could be read; the others are its errors.</summary>
    public static CheckReport Check(IReadOnlyList<ContextSnapshot> snapshots, CheckOptions options)
    {
        var reports = snapshots.Where(s => s.Snapshot is not null).Select(s => Analyzer.Check(s.Snapshot!, options)).ToList();
        var combined = CheckReport.Combine(reports);
        return new CheckReport
        {
            Findings = combined.Findings,
            Suppressed = combined.Suppressed,
            Checked = combined.Checked,
            Warnings = combined.Warnings,
            Partial = combined.Partial || snapshots.Any(s => s.Error is not null),
            Contexts = [.. snapshots.Select(s => s.Context).Where(c => c.Length > 0)],
            Errors = [.. snapshots.Where(s => s.Error is not null).Select(s => s.Error!)],
        };
    }
}
