namespace IstioTls.Analysis;

/// <summary>How much was checked, for the summary line and the document's <c>summary</c>.</summary>
/// <param name="Skipped">Objects skipped for an invalid field: not checked, each with a warning.</param>
public sealed record CheckedCounts(int Gateways, int Servers, int VirtualServices, int EnvoyFilters, int Workloads, int Skipped = 0)
{
    public static readonly CheckedCounts Zero = new(0, 0, 0, 0, 0);

    public CheckedCounts Add(CheckedCounts other) => new(
        Gateways + other.Gateways,
        Servers + other.Servers,
        VirtualServices + other.VirtualServices,
        EnvoyFilters + other.EnvoyFilters,
        Workloads + other.Workloads,
        Skipped + other.Skipped);
}

/// <summary>The result of <c>check</c>: findings, what was suppressed, and what was read.</summary>
public sealed class CheckReport
{
    public required IReadOnlyList<Finding> Findings { get; init; }

    public required IReadOnlyList<Finding> Suppressed { get; init; }

    public required CheckedCounts Checked { get; init; }

    public IReadOnlyList<string> Warnings { get; init; } = [];

    /// <summary>True when some objects could not be listed: findings may be missing.</summary>
    public bool Partial { get; init; }

    /// <summary>The kubeconfig contexts checked; empty for files.</summary>
    public IReadOnlyList<string> Contexts { get; init; } = [];

    /// <summary>Contexts read once for all because they name the same server, user and
    /// namespace, each group in the order asked for; they are in <see cref="Contexts"/> too.</summary>
    public IReadOnlyList<IReadOnlyList<string>> SameAs { get; init; } = [];

    /// <summary>The kubeconfig contexts that could not be read: not checked.</summary>
    public IReadOnlyList<string> FailedContexts { get; init; } = [];

    /// <summary>Contexts that could not be read, one line each; the exit code is then 2.</summary>
    public IReadOnlyList<string> Errors { get; init; } = [];

    public int Count(Severity severity) => Findings.Count(f => f.Severity == severity);

    /// <summary>True when a finding reaches the threshold (null: never fail).</summary>
    public bool Fails(Severity? threshold) => threshold is { } t && Findings.Any(f => f.Severity >= t);

    /// <summary>One report for several clusters: findings keep their context.</summary>
    public static CheckReport Combine(IReadOnlyList<CheckReport> reports) => new()
    {
        Findings = [.. reports.SelectMany(r => r.Findings)],
        Suppressed = [.. reports.SelectMany(r => r.Suppressed)],
        Checked = reports.Aggregate(CheckedCounts.Zero, (sum, r) => sum.Add(r.Checked)),
        Warnings = [.. reports.SelectMany(r => r.Warnings)],
        Partial = reports.Any(r => r.Partial),
        Contexts = [.. reports.SelectMany(r => r.Contexts)],
        SameAs = [.. reports.SelectMany(r => r.SameAs)],
        FailedContexts = [.. reports.SelectMany(r => r.FailedContexts)],
        Errors = [.. reports.SelectMany(r => r.Errors)],
    };
}
