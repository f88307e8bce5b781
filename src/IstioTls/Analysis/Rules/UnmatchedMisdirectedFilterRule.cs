using IstioTls.Analysis.Misdirected;
using IstioTls.Model;

namespace IstioTls.Analysis.Rules;

/// <summary>
/// This tool's precise 421 filter limits each patch to a listener <c>portNumber</c>. Envoy's
/// listener is on the port istiod resolved through the gateway Service (443 → 8443 on
/// istioctl's default ingress gateway); a patch on the Gateway's port as written then matches
/// no listener, and the filter protects nothing while it looks installed. Reported only where
/// every listener port of the workload is established (its Services were read).
/// </summary>
internal static class UnmatchedMisdirectedFilterRule
{
    public static IEnumerable<Finding> Find(ConfigSnapshot snapshot)
    {
        foreach (var filter in snapshot.EnvoyFilters.Where(f => MisdirectedFilterMarks.ModeOf(f) == MisdirectedMode.Precise && !f.WorkloadSelector.IsEmpty))
        {
            var merged = WorkloadGateways.Merged(snapshot, filter.WorkloadSelector, filter.Meta.Namespace);
            if (merged.Kept.Count == 0 || merged.Kept.Any(k => !k.Port.Established))
            {
                continue;
            }
            var listeners = merged.Kept.Select(k => k.Listener).Distinct().ToList();
            var unmatched = filter.Patches
                .Where(p => p.ListenerPort is { } port && !listeners.Any(l => l.Port == port && (p.ListenerName is null || p.ListenerName == l.EnvoyName)))
                .Select(p => p.ListenerPort!.Value)
                .Distinct()
                .Order()
                .ToList();
            if (unmatched.Count > 0)
            {
                yield return ToFinding(filter, unmatched, merged, ToolCommand.For(snapshot.Origin));
            }
        }
    }

    private static Finding ToFinding(EnvoyFilter filter, IReadOnlyList<int> unmatched, Istiod.MergedGateway merged, ToolCommand command)
    {
        var ports = string.Join(", ", unmatched);
        var translated = merged.Kept
            .Where(k => unmatched.Contains(k.Server.Port.Number) && k.Port.Number != k.Server.Port.Number)
            .Select(k => $"{k.Server.Port.Number} → {k.Port.Number} ({k.Port.Via})")
            .Distinct(StringComparer.Ordinal)
            .ToList();
        var why = translated.Count > 0
            ? $"; Envoy listens on the Service's target port: {string.Join(", ", translated)}"
            : "";
        return new Finding
        {
            Code = FindingCodes.UnmatchedMisdirectedFilter,
            Severity = Severity.Error,
            Message = $"EnvoyFilter {filter.Key} matches listener port {ports}, where its workload has no Envoy listener{why}: it answers 421 to nothing, and browsers still get 404",
            Selector = filter.WorkloadSelector,
            Servers = [],
            Detail = new MisdirectedFilterDetail(filter, [], []),
            Fix = new FixAdvice(null, $"regenerate it: {command.Apply421($" --mode precise --selector {filter.WorkloadSelector} --namespace {filter.Meta.Namespace}")}"),
        };
    }
}
