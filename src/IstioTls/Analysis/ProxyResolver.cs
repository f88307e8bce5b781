using IstioTls.Model;

namespace IstioTls.Analysis;

/// <summary>
/// Decides which Gateways reach the same gateway pods. A Gateway applies to a pod when its
/// selector is a subset of the pod's labels (an empty selector applies to every gateway pod).
/// With pods (the cluster) or Pods/Deployments (files), servers are grouped by the workloads
/// they really reach; a Gateway whose selector matches none of them, and every Gateway when
/// there are none, falls back to selector equality. Nested selectors then form "possible"
/// groups.
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
        foreach (var workload in workloads)
        {
            var reaching = selective.Where(g => workload.Any(instance => g.Selector.IsSubsetOf(instance.Labels))).ToList();
            if (reaching.Count == 0)
            {
                // Not a gateway workload (an application's pods in the same manifests).
                continue;
            }
            matched.UnionWith(reaching);
            var first = workload.First();
            proxies.Add(new Proxy($"workload:{workload.Key}", [workload.Key], first.Namespace, [.. reaching, .. universal], Possible: false));
        }

        var unmatched = selective.Where(g => !matched.Contains(g)).ToList();
        var bySelector = unmatched
            .GroupBy(g => g.Selector)
            .OrderBy(g => g.Key.ToString(), StringComparer.Ordinal)
            .ToList();
        foreach (var group in bySelector)
        {
            proxies.Add(new Proxy($"selector:{group.Key}", [], null, [.. group, .. universal], Possible: false));
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
                if (i != j && inner.Key.Count < outer.Key.Count && inner.Key.IsSubsetOf(outer.Key))
                {
                    proxies.Add(new Proxy($"nested:{inner.Key}|{outer.Key}", [], null, [.. inner, .. outer, .. universal], Possible: true));
                }
            }
        }
        return proxies;
    }
}
