using IstioTls.Analysis.Misdirected;
using IstioTls.Model;

namespace IstioTls.Analysis;

/// <summary>
/// The mitigate stage: a shared certificate on a workload that this tool's current 421 filter
/// covers (strict, or precise and not stale) is no longer urgent: browsers get 421 and reconnect
/// instead of 404, so the finding becomes info and names the filter. A certificate that covers
/// another server's host is reused the same way: the host differs from the SNI, and the filter
/// answers 421 to it too.
/// </summary>
internal static class Mitigation
{
    public static IEnumerable<Finding> Apply(ConfigSnapshot snapshot, IEnumerable<Finding> findings)
    {
        var current = snapshot.EnvoyFilters.Where(f => IsCurrent(snapshot, f)).OrderBy(f => f.Key, StringComparer.Ordinal).ToList();
        foreach (var finding in findings)
        {
            var cover = finding.Code is FindingCodes.SharedCertificate or FindingCodes.CoveringCertificate
                ? current.FirstOrDefault(f => FilterCoverage.Covers(snapshot, f, finding))
                : null;
            yield return cover is null ? finding : finding with
            {
                Severity = Severity.Info,
                MitigatedBy = cover.Key,
                // The filter is there: the fix left is the lasting one.
                Fix = finding.Fix is { } fix ? fix with { Alternative = null } : null,
                Message = $"{finding.Message}; mitigated: EnvoyFilter {cover.Key} answers 421 Misdirected Request, so browsers open a new connection",
            };
        }
    }

    private static bool IsCurrent(ConfigSnapshot snapshot, EnvoyFilter filter) => MisdirectedFilterMarks.ModeOf(filter) switch
    {
        MisdirectedMode.Strict => true,
        MisdirectedMode.Precise => !Rules.StaleMisdirectedFilterRule.IsStale(snapshot, filter),
        _ => false,
    };
}
