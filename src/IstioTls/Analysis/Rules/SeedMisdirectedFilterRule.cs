using IstioTls.Analysis.Misdirected;
using IstioTls.Model;

namespace IstioTls.Analysis.Rules;

/// <summary>An EnvoyFilter that is not this tool's and carries a copy of the seed's 421 Lua
/// snippet: reported with the defects <see cref="SeedSnippet"/> finds in that copy.</summary>
internal static class SeedMisdirectedFilterRule
{
    public static IEnumerable<Finding> Find(ConfigSnapshot snapshot)
    {
        foreach (var filter in snapshot.EnvoyFilters.Where(f => MisdirectedFilterMarks.ModeOf(f) is null))
        {
            if (SeedSnippet.Defects(filter) is { Count: > 0 } defects)
            {
                yield return ToFinding(filter, defects, ToolCommand.For(snapshot.Origin));
            }
        }
    }

    private static Finding ToFinding(EnvoyFilter filter, IReadOnlyList<string> defects, ToolCommand command) => new()
    {
        Code = FindingCodes.SeedMisdirectedFilter,
        Severity = Severity.Warning,
        Message = $"EnvoyFilter {filter.Key} carries the widely copied 421 Lua snippet, which has known defects",
        Selector = filter.WorkloadSelector,
        Servers = [],
        Detail = new MisdirectedFilterDetail(filter, [], defects),
        Fix = new FixAdvice(null, $"replace it with a scoped filter without these defects: {command.Apply421(dryRun: true)}, then kubectl delete envoyfilter -n {filter.Meta.Namespace} {filter.Meta.Name}"),
    };
}
