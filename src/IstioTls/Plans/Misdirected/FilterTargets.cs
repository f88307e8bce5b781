using IstioTls.Analysis;
using IstioTls.Analysis.Misdirected;
using IstioTls.Model;

namespace IstioTls.Plans.Misdirected;

/// <summary>
/// Decides which gateway workloads get a filter: those with a <c>SharedCertificate</c> finding,
/// every one with <c>--all</c>, or the one <c>--selector</c> names. A workload's selector is the
/// narrowest Gateway selector that reaches it; its namespace comes from its pods (Pods or
/// Deployments in the input), else from the oldest Gateway that selects it.
/// </summary>
public static class FilterTargets
{
    public static IReadOnlyList<FilterTarget> Resolve(ConfigSnapshot snapshot, Apply421Options options, ICollection<string> notes)
    {
        var groups = WorkloadGroups.Resolve(snapshot);
        var atRisk = Analyzer.Check(snapshot, groups: groups).Findings.Where(f => f.Code == FindingCodes.SharedCertificate).ToList();
        // A null check, not an `is { } x` pattern used after the statement: Stryker cannot compile the
        // mutants of such a pattern one by one and drops every mutant of the method (docs/mutation-testing.md).
        var selector = options.Selector;
        if (selector is not null)
        {
            var ns = options.Namespace ?? PodNamespace(snapshot, selector) ?? OldestSelecting(snapshot.Gateways, selector)?.Meta.Namespace
                ?? throw new PlanException($"no Pod, Deployment or Gateway tells the namespace of the gateway pods with labels {selector}: give --namespace");
            var gateways = WorkloadGateways.For(snapshot, selector, ns);
            return [new FilterTarget(selector, ns, gateways, atRisk.Any(f => f.Servers.All(s => gateways.Contains(s.Gateway))))
            {
                Merged = WorkloadGateways.Merged(snapshot, selector, ns),
            }];
        }

        var proxies = groups.Where(p => !p.Possible);
        if (!options.All)
        {
            proxies = proxies.Where(p => atRisk.Any(f => Reaches(f, p)));
        }
        var targets = new SortedDictionary<string, FilterTarget>(StringComparer.Ordinal);
        foreach (var proxy in proxies)
        {
            var workloadSelector = Narrowest(snapshot, proxy);
            if (workloadSelector is null)
            {
                var gateways = string.Join(", ", proxy.Gateways.Select(g => g.Key));
                notes.Add($"Gateways without selector ({gateways}) apply to every gateway workload: give --selector and --namespace to place a filter for them");
                continue;
            }
            var ns = proxy.Namespace ?? options.Namespace ?? OldestSelecting(proxy.Gateways, workloadSelector)!.Meta.Namespace;
            if (options.Namespace is not null && ns != options.Namespace)
            {
                continue;
            }
            var target = new FilterTarget(workloadSelector, ns, WorkloadGateways.For(snapshot, workloadSelector, ns), atRisk.Any(f => Reaches(f, proxy)))
            {
                Merged = WorkloadGateways.Merged(snapshot, workloadSelector, ns),
            };
            if (!target.Gateways.SelectMany(g => g.Servers).Any(s => s.TerminatesHttps))
            {
                // --all: a workload without HTTPS servers has no connection to misdirect.
                continue;
            }
            targets.TryAdd($"{ns}/{workloadSelector}", target);
        }
        return Distinct([.. targets.Values]);
    }

    // Two readable names that meet in one namespace would be one object: both take the hashed form.
    private static IReadOnlyList<FilterTarget> Distinct(IReadOnlyList<FilterTarget> targets) =>
        [.. targets
            .Select(t => targets.Count(o => o.Namespace == t.Namespace && o.Name == t.Name) > 1 ? t with { Name = FilterNames.Hashed(t.Selector) } : t)
            .OrderBy(t => $"{t.Namespace}/{t.Name}", StringComparer.Ordinal)];

    // The finding's servers are on this proxy (and, where pods tell, on this workload).
    private static bool Reaches(Finding finding, WorkloadGroup proxy) =>
        finding.Servers.All(s => proxy.Gateways.Contains(s.Gateway))
        && (proxy.Workloads.Count == 0 || proxy.Workloads.Intersect(finding.Workloads, StringComparer.Ordinal).Any());

    /// <summary>Of the selectors of the Gateways on the workload, the one that selects the fewest
    /// workloads of the input, so that the filter reaches no other gateway.</summary>
    private static LabelSet? Narrowest(ConfigSnapshot snapshot, WorkloadGroup proxy) =>
        proxy.Gateways
            .Select(g => g.Selector)
            .Where(s => !s.IsEmpty)
            .Distinct()
            .OrderBy(s => WorkloadsSelected(snapshot, s))
            .ThenByDescending(s => s.Count)
            .ThenBy(s => s.ToString(), StringComparer.Ordinal)
            .FirstOrDefault();

    private static int WorkloadsSelected(ConfigSnapshot snapshot, LabelSet selector) =>
        snapshot.Workloads.Where(w => selector.IsSubsetOf(w.Labels)).Select(w => w.WorkloadKey).Distinct(StringComparer.Ordinal).Count();

    private static string? PodNamespace(ConfigSnapshot snapshot, LabelSet selector)
    {
        var namespaces = snapshot.Workloads.Where(w => selector.IsSubsetOf(w.Labels)).Select(w => w.Namespace).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        return namespaces.Count switch
        {
            0 => null,
            1 => namespaces[0],
            _ => throw new PlanException($"gateway pods with labels {selector} run in namespaces {string.Join(", ", namespaces)}: give --namespace"),
        };
    }

    private static Gateway? OldestSelecting(IEnumerable<Gateway> gateways, LabelSet podLabels) =>
        gateways.Where(g => !g.Selector.IsEmpty && g.Selector.IsSubsetOf(podLabels)).Min(GatewayOrder.Instance);
}
