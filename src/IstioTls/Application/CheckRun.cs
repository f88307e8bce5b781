using IstioTls.Analysis;
using IstioTls.Model;

namespace IstioTls.Application;

/// <summary><c>check</c>: every snapshot that could be read analysed into one report, the
/// others its errors, and the exit code that report earns.</summary>
public static class CheckRun
{
    public static CheckReport Check(IReadOnlyList<InputRead> reads, CheckOptions options)
    {
        var snapshots = reads.OfType<SnapshotRead>().Select(r => r.Snapshot).ToList();
        var combined = CheckReport.Combine([.. snapshots.Select(s => Analyzer.Check(s, options))]);
        var failed = reads.OfType<FailedRead>().ToList();
        return new CheckReport
        {
            Findings = combined.Findings,
            Suppressed = combined.Suppressed,
            Checked = combined.Checked,
            Warnings = [.. combined.Warnings, .. snapshots.Where(s => s.Gateways.Count == 0).Select(NoGateways)],
            Partial = combined.Partial || failed.Count > 0,
            Contexts = combined.Contexts,
            SameAs = combined.SameAs,
            FailedContexts = [.. failed.Select(f => f.Context.Context)],
            Errors = [.. failed.Select(f => f.Error)],
        };
    }

    // Nothing to check is said, not passed over: a wrong path or context looks just like this.
    private static string NoGateways(ConfigSnapshot snapshot) => snapshot.Context is { } context
        ? $"context \"{context}\": 0 Gateways (Istio or Gateway API): nothing to check"
        : $"0 Gateways (Istio or Gateway API) in {snapshot.ObjectCount} object{(snapshot.ObjectCount == 1 ? "" : "s")} read: nothing to check";

    /// <summary>True when no input could be read: the errors are the whole answer, and there is no
    /// report to print.</summary>
    public static bool NothingRead(IReadOnlyList<InputRead> reads) => reads.All(r => r is FailedRead);

    /// <summary>2 when an input could not be read (findings there are unknown), or with
    /// <paramref name="strict"/> when anything was warned about; else 1 when a finding reaches
    /// <paramref name="threshold"/>; else 0.</summary>
    public static int ExitCode(CheckReport report, Severity? threshold, bool strict = false) =>
        report.Errors.Count > 0 || (strict && report.Warnings.Count > 0) ? ExitCodes.Error
        : report.Fails(threshold) ? ExitCodes.Findings
        : ExitCodes.Ok;
}
