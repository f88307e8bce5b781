using IstioTls.Analysis.Misdirected;
using IstioTls.Model;

namespace IstioTls.Analysis.Rules;

/// <summary>
/// This tool's precise 421 filter carries the hash of the host table its Lua was generated from.
/// When the Gateways of its workload now give another table, the Lua lets misdirected requests
/// for new hosts through (404) and may answer 421 for hosts that moved; such a filter mitigates
/// nothing.
/// </summary>
internal static class StaleMisdirectedFilterRule
{
    public static IEnumerable<Finding> Find(ConfigSnapshot snapshot)
    {
        foreach (var filter in snapshot.EnvoyFilters.Where(f => MisdirectedFilterMarks.ModeOf(f) == MisdirectedMode.Precise))
        {
            var table = TableNow(snapshot, filter);
            if (!GeneratedFrom(filter, table))
            {
                yield return ToFinding(filter, table, ToolCommand.For(snapshot.Origin));
            }
        }
    }

    public static bool IsStale(ConfigSnapshot snapshot, EnvoyFilter filter) => !GeneratedFrom(filter, TableNow(snapshot, filter));

    private static HostTable TableNow(ConfigSnapshot snapshot, EnvoyFilter filter) =>
        HostTable.Of(WorkloadGateways.Merged(snapshot, filter.WorkloadSelector, filter.Meta.Namespace));

    private static bool GeneratedFrom(EnvoyFilter filter, HostTable table) =>
        filter.Meta.Annotations.TryGetValue(MisdirectedFilterMarks.HostTableAnnotation, out var hash) && hash == table.Hash;

    private static Finding ToFinding(EnvoyFilter filter, HostTable table, ToolCommand command)
    {
        var rerun = command.Apply421($" --mode precise --selector {filter.WorkloadSelector} --namespace {filter.Meta.Namespace}");
        return new Finding
        {
            Code = FindingCodes.StaleMisdirectedFilter,
            Severity = Severity.Warning,
            Message = $"EnvoyFilter {filter.Key} was generated from other Gateway hosts than its workload has now: it lets misdirected requests for new hosts through (404) and may answer 421 for hosts that moved",
            Selector = filter.WorkloadSelector,
            Servers = [],
            Detail = new MisdirectedFilterDetail(filter, [.. table.Ports.SelectMany(p => p.Servers).SelectMany(s => s.Hosts).Distinct(StringComparer.Ordinal)], []),
            Fix = new FixAdvice(null, $"regenerate it: {rerun}"),
        };
    }
}
