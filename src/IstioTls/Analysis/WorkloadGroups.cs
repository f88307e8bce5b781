using IstioTls.Analysis.Istiod;
using IstioTls.Model;

namespace IstioTls.Analysis;

/// <summary>
/// Decides which Gateways reach the same gateway pods. A Gateway applies to a pod when its
/// selector is a subset of the pod's labels (an empty selector applies to every gateway pod).
/// With pods (the cluster) or Pods/Deployments (files), servers are grouped by the workloads
/// they really reach; a Gateway whose selector matches none of them, and every Gateway when
/// there are none, falls back to selector equality. Nested selectors then form "possible"
/// groups. Live, where the gateway pods were listed, such a group reaches no pod now
/// (<see cref="WorkloadGroup.ReachesNoPod"/>). A Gateway API Gateway reaches only pods in its own namespace, so its namespace is part
/// of its selector everywhere here. Each group then keeps what strict Gateway merging keeps
/// (<see cref="StrictGatewayMerging"/>). Resolved once per snapshot: the analysis, the Secrets to
/// read for <c>--inspect-certs</c>, <c>merge</c> and <c>apply-421</c> all take the same groups.
/// </summary>
public sealed class WorkloadGroups : IReadOnlyList<WorkloadGroup>
{
    private readonly IReadOnlyList<WorkloadGroup> _groups;

    private WorkloadGroups(IReadOnlyList<WorkloadGroup> groups) => _groups = groups;

    public int Count => _groups.Count;

    public WorkloadGroup this[int index] => _groups[index];

    public IEnumerator<WorkloadGroup> GetEnumerator() => _groups.GetEnumerator();

    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();

    public static WorkloadGroups Resolve(ConfigSnapshot snapshot)
    {
        var universal = snapshot.Gateways.Where(g => g.Selector.IsEmpty).ToList();
        var selective = snapshot.Gateways.Where(g => !g.Selector.IsEmpty).ToList();
        var groups = new List<WorkloadGroup>();
        var matched = new HashSet<Gateway>(ReferenceEqualityComparer.Instance);
        groups.AddRange(ByWorkload(snapshot, selective, universal, matched));
        var bySelector = selective
            .Where(g => !matched.Contains(g))
            .GroupBy(g => new Scope(g.Selector, g.SelectorNamespace))
            .OrderBy(g => g.Key.ToString(), StringComparer.Ordinal)
            .ToList();
        groups.AddRange(bySelector.Select(group => new WorkloadGroup([], group.Key.Namespace, [.. group, .. universal], Possible: false) { ReachesNoPod = snapshot.PodsListed }));
        // Gateways without a selector reach every gateway pod, including those no selector here
        // lists: unless a group served now holds them, they are a group of their own, so that a
        // group reaching no pod cannot make their findings info.
        if (universal.Count > 0 && groups.All(g => g.ReachesNoPod))
        {
            groups.Add(new WorkloadGroup([], null, universal, Possible: false));
        }
        groups.AddRange(Nested(bySelector, universal).Select(g => g with { ReachesNoPod = snapshot.PodsListed }));
        return new WorkloadGroups([.. groups.Select(g => g with { Gateways = StrictGatewayMerging.Filter(g.Gateways) }).Select(g => g with
        {
            Ports = ListenerPorts.For(snapshot, Pods(snapshot, g), g.Gateways),
            VirtualServices = snapshot.VirtualServices,
        })]);
    }

    /// <summary>The workloads that pods or Deployments tell, each with the Gateways that reach
    /// it; the Gateways that reach one are added to <paramref name="matched"/>.</summary>
    private static IEnumerable<WorkloadGroup> ByWorkload(ConfigSnapshot snapshot, IReadOnlyList<Gateway> selective, IReadOnlyList<Gateway> universal, HashSet<Gateway> matched)
    {
        var workloads = snapshot.Workloads
            .GroupBy(w => w.WorkloadKey, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal);
        // Workloads that the same Gateways reach, in one namespace (where Secrets resolve), get
        // the same configuration from istiod: analyse it once and name every workload. Bare
        // pods, DaemonSets and replicas without owners would otherwise repeat the whole work.
        var sameConfiguration = new Dictionary<string, (List<string> Workloads, string Namespace, List<Gateway> Reaching)>(StringComparer.Ordinal);
        foreach (var workload in workloads)
        {
            var pods = workload.ToList();
            var reaching = selective.Where(g => g.ReachesAny(pods)).ToList();
            if (reaching.Count == 0)
            {
                // Not a gateway workload (an application's pods in the same manifests).
                continue;
            }
            matched.UnionWith(reaching);
            var ns = workload.First().Namespace;
            var key = $"{ns}|{string.Join(',', reaching.Select(g => g.Key))}";
            if (sameConfiguration.TryGetValue(key, out var existing))
            {
                existing.Workloads.Add(workload.Key);
            }
            else
            {
                sameConfiguration[key] = ([workload.Key], ns, reaching);
            }
        }
        return sameConfiguration.Values.Select(c => new WorkloadGroup(c.Workloads, c.Namespace, [.. c.Reaching, .. universal], Possible: false)).ToList();
    }

    /// <summary>The pods (or Deployments) of the group's workloads.</summary>
    private static IReadOnlyList<WorkloadInstance> Pods(ConfigSnapshot snapshot, WorkloadGroup group) =>
        group.Workloads.Count == 0 ? [] : [.. snapshot.Workloads.Where(w => group.Workloads.Contains(w.WorkloadKey, StringComparer.Ordinal))];

    /// <summary>Offline, an inner selector (more labels) may reach the pods of an outer one: a
    /// possible group for each such pair.</summary>
    private static IEnumerable<WorkloadGroup> Nested(IReadOnlyList<IGrouping<Scope, Gateway>> bySelector, IReadOnlyList<Gateway> universal)
    {
        for (var i = 0; i < bySelector.Count; i++)
        {
            for (var j = 0; j < bySelector.Count; j++)
            {
                var inner = bySelector[i];
                var outer = bySelector[j];
                if (i != j && inner.Key.Contains(outer.Key) && !outer.Key.Contains(inner.Key))
                {
                    yield return new WorkloadGroup([], outer.Key.Namespace, [.. inner, .. outer, .. universal], Possible: true);
                }
            }
        }
    }

    /// <summary>The pods a selector can reach: its labels, in one namespace or (null) in any.</summary>
    private sealed record Scope(LabelSet Selector, string? Namespace)
    {
        /// <summary>True when every pod <paramref name="other"/> reaches, this reaches too.</summary>
        public bool Contains(Scope other) =>
            Selector.IsSubsetOf(other.Selector) && (Namespace is null || Namespace == other.Namespace);

        public override string ToString() => Namespace is null ? Selector.ToString() : $"{Namespace}:{Selector}";
    }
}
