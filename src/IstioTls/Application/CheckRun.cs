using IstioTls.Analysis;

namespace IstioTls.Application;

/// <summary><c>check</c>: every snapshot that could be read analysed into one report, the
/// others its errors, and the exit code that report earns.</summary>
public static class CheckRun
{
    public static CheckReport Check(IReadOnlyList<InputRead> reads, CheckOptions options)
    {
        var reports = reads.OfType<SnapshotRead>().Select(r => Analyzer.Check(r.Snapshot, options)).ToList();
        var combined = CheckReport.Combine(reports);
        var failed = reads.OfType<FailedRead>().ToList();
        return new CheckReport
        {
            Findings = combined.Findings,
            Suppressed = combined.Suppressed,
            Checked = combined.Checked,
            Warnings = combined.Warnings,
            Partial = combined.Partial || failed.Count > 0,
            Contexts = [.. reads.Select(r => r.Origin).OfType<Model.ContextOrigin>().Select(o => o.Context)],
            Errors = [.. failed.Select(f => f.Error)],
        };
    }

    /// <summary>True when no input could be read: the errors are the whole answer, and there is no
    /// report to print.</summary>
    public static bool NothingRead(IReadOnlyList<InputRead> reads) => reads.All(r => r is FailedRead);

    /// <summary>2 when an input could not be read (findings there are unknown), else 1 when a
    /// finding reaches <paramref name="threshold"/>, else 0.</summary>
    public static int ExitCode(CheckReport report, Severity? threshold) =>
        report.Errors.Count > 0 ? ExitCodes.Error : report.Fails(threshold) ? ExitCodes.Findings : ExitCodes.Ok;
}
