using IstioTls.Analysis.Misdirected;
using IstioTls.Model;

namespace IstioTls.Analysis;

/// <summary>
/// The mitigate stage: a shared certificate on a workload that this tool's current 421 filter
/// covers (strict, or precise and not stale) is no longer urgent: browsers get 421 and reconnect
/// instead of 404, so the finding becomes info and names the filter. A certificate that covers
/// another server's host is reused the same way: the host differs from the SNI, and the filter
/// answers 421 to it too. Where the input cannot tell whether the filter reaches the listener
/// (no pods to place the workload, no Service to resolve the port), the finding stays a warning
/// that says so: a filter that matches nothing must never turn a finding into info.
/// </summary>
internal static class Mitigation
{
    public static IEnumerable<Finding> Apply(ConfigSnapshot snapshot, IEnumerable<Finding> findings, string rootNamespace)
    {
        var current = snapshot.EnvoyFilters.Where(f => IsCurrent(snapshot, f)).OrderBy(f => f.Key, StringComparer.Ordinal).ToList();
        foreach (var finding in findings)
        {
            if (finding.Code is not (FindingCodes.SharedCertificate or FindingCodes.CoveringCertificate))
            {
                yield return finding;
                continue;
            }
            var judged = current.Select(f => (Filter: f, Coverage: FilterCoverage.Judge(snapshot, f, finding, rootNamespace))).ToList();
            if (judged.FirstOrDefault(j => j.Coverage.Kind == CoverageKind.Covered) is { Filter: { } cover })
            {
                yield return finding with
                {
                    Severity = Severity.Info,
                    MitigatedBy = cover.Key,
                    // The filter is there: the fix left is the lasting one.
                    Fix = finding.Fix is { } fix ? fix with { Alternative = null } : null,
                    Message = $"{finding.Message}; mitigated: EnvoyFilter {cover.Key} answers 421 Misdirected Request, so browsers open a new connection",
                };
            }
            else if (judged.FirstOrDefault(j => j.Coverage.Kind == CoverageKind.Unverified) is { Filter: { } maybe } unverified)
            {
                yield return finding with
                {
                    Severity = finding.Severity > Severity.Warning ? Severity.Warning : finding.Severity,
                    Message = $"{finding.Message}; mitigation unverified: EnvoyFilter {maybe.Key} may answer 421, but {unverified.Coverage.Reason}",
                };
            }
            else
            {
                yield return finding;
            }
        }
    }

    private static bool IsCurrent(ConfigSnapshot snapshot, EnvoyFilter filter) => MisdirectedFilterMarks.ModeOf(filter) switch
    {
        MisdirectedMode.Strict => true,
        MisdirectedMode.Precise => !Rules.StaleMisdirectedFilterRule.IsStale(snapshot, filter),
        _ => false,
    };
}
