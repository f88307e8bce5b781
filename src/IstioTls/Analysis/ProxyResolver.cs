using IstioTls.Model;

namespace IstioTls.Analysis;

/// <summary>
/// Decides which Gateways reach the same gateway pods. A Gateway applies to a pod when its
/// selector is a subset of the pod's labels (an empty selector applies to every gateway pod).
/// With pods (the cluster) or Pods/Deployments (files), servers are grouped by the workloads
/// they really reach; a Gateway whose selector matches none of them, and every Gateway when
/// there are none, falls back to selector equality. Nested selectors then form "possible"
/// groups. A Gateway API Gateway reaches only pods in its own namespace, so its namespace is part
/// of its selector everywhere here.
/// </summary>
public static class ProxyResolver
{
    public static IReadOnlyList<Proxy> Resolve(ConfigSnapshot snapshot)
    {
        var gateways = snapshot.Gateways;
        var universal = gateways.Where(g => g.Selector.IsEmpty).ToList();
        var selective = gateways.Where(g => !g.Selector.IsEmpty).ToList();

        var workloads = snapshot.Workloads
            .GroupBy(w => w.WorkloadKey, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .ToList();

        var proxies = new List<Proxy>();
        var matched = new HashSet<Gateway>(ReferenceEqualityComparer.Instance);
        // Workloads that the same Gateways reach, in one namespace (where Secrets resolve), get
        // the same configuration from istiod: analyse it once and name every workload. Bare
        // pods, DaemonSets and replicas without owners would otherwise repeat the whole work.
        var sameConfiguration = new Dictionary<string, (List<string> Workloads, string Namespace, List<Gateway> Reaching)>(StringComparer.Ordinal);
        foreach (var workload in workloads)
        {
            var reaching = selective.Where(g => workload.Any(g.Reaches)).ToList();
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
        foreach (var (workloadKeys, ns, reaching) in sameConfiguration.Values)
        {
            proxies.Add(new Proxy($"workload:{workloadKeys[0]}", workloadKeys, ns, [.. reaching, .. universal], Possible: false));
        }

        var unmatched = selective.Where(g => !matched.Contains(g)).ToList();
        var bySelector = unmatched
            .GroupBy(g => new Scope(g.Selector, g.SelectorNamespace))
            .OrderBy(g => g.Key.ToString(), StringComparer.Ordinal)
            .ToList();
        foreach (var group in bySelector)
        {
            proxies.Add(new Proxy($"selector:{group.Key}", [], group.Key.Namespace, [.. group, .. universal], Possible: false));
        }
        if (proxies.Count == 0 && universal.Count > 0)
        {
            proxies.Add(new Proxy("selector:", [], null, universal, Possible: false));
        }

        for (var i = 0; i < bySelector.Count; i++)
        {
            for (var j = 0; j < bySelector.Count; j++)
            {
                var inner = bySelector[i];
                var outer = bySelector[j];
                if (i != j && inner.Key.Contains(outer.Key) && !outer.Key.Contains(inner.Key))
                {
                    proxies.Add(new Proxy($"nested:{inner.Key}|{outer.Key}", [], outer.Key.Namespace, [.. inner, .. outer, .. universal], Possible: true));
                }
            }
        }
        return proxies;
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
