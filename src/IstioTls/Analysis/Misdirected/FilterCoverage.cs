using IstioTls.Model;

namespace IstioTls.Analysis.Misdirected;

/// <summary>How far a 421 filter is known to reach the listener of a finding.</summary>
public enum CoverageKind
{
    /// <summary>It does not reach the pods, or not their listener.</summary>
    None,

    /// <summary>It may: what would tell (the pods' namespace, the port Envoy listens on) is not
    /// in the input.</summary>
    Unverified,

    /// <summary>It reaches the pods and matches their listener.</summary>
    Covered,
}

/// <summary>A filter's reach on one finding, with the reason when it is not established.</summary>
public readonly record struct Coverage(CoverageKind Kind, string? Reason = null)
{
    public static readonly Coverage None = new(CoverageKind.None);

    public static readonly Coverage Covered = new(CoverageKind.Covered);
}

/// <summary>Whether a 421 filter reaches the gateway pods of a finding, as istiod applies
/// EnvoyFilters (push_context.go): only to proxies in the filter's own namespace, or to all from
/// the root namespace; only to pods with its <c>workloadSelector</c> labels; and a patch limited
/// to a <c>portNumber</c> only to the listener on that port, which is the port Envoy listens on
/// (the Service's targetPort), not the Gateway's port as written. What both mitigation and
/// <c>UnneededMisdirectedFilter</c> ask, so they must agree.</summary>
internal static class FilterCoverage
{
    public static Coverage Judge(ConfigSnapshot snapshot, EnvoyFilter filter, Finding finding, string rootNamespace)
    {
        if (filter.WorkloadSelector.IsEmpty)
        {
            return Coverage.None;
        }
        var pods = Reach(snapshot, filter, finding, rootNamespace);
        if (pods.Kind == CoverageKind.None)
        {
            return pods;
        }
        var listener = Listener(filter, finding);
        return listener.Kind switch
        {
            CoverageKind.None => listener,
            CoverageKind.Unverified => listener,
            _ => pods,
        };
    }

    private static Coverage Reach(ConfigSnapshot snapshot, EnvoyFilter filter, Finding finding, string rootNamespace)
    {
        var fromRoot = filter.Meta.Namespace == rootNamespace;
        if (finding.Workloads.Count > 0)
        {
            return snapshot.Workloads.Any(w =>
                finding.Workloads.Contains(w.WorkloadKey)
                && (fromRoot || w.Namespace == filter.Meta.Namespace)
                && filter.WorkloadSelector.IsSubsetOf(w.Labels))
                ? Coverage.Covered
                : Coverage.None;
        }
        // Offline without pods: the workload is the pods the Gateways' selector selects; the
        // filter reaches all of them when its labels are part of that selector.
        var selectors = finding.Servers.Select(s => s.Gateway.Selector).Where(s => !s.IsEmpty).Distinct().ToList();
        if (selectors.Count == 0 || !selectors.All(filter.WorkloadSelector.IsSubsetOf))
        {
            return Coverage.None;
        }
        if (fromRoot)
        {
            return Coverage.Covered;
        }
        // A Gateway API Gateway's pods run in its namespace; an Istio Gateway's may run anywhere.
        var podNamespaces = finding.Servers.Select(s => s.Gateway.SelectorNamespace).Distinct().ToList();
        if (podNamespaces.All(ns => ns is not null))
        {
            return podNamespaces.All(ns => ns == filter.Meta.Namespace) ? Coverage.Covered : Coverage.None;
        }
        var gatewayNamespaces = finding.Servers.Select(s => s.Gateway.Meta.Namespace).Distinct(StringComparer.Ordinal).ToList();
        return gatewayNamespaces.All(ns => ns == filter.Meta.Namespace)
            ? new Coverage(CoverageKind.Unverified, $"it applies only to gateway pods in namespace {filter.Meta.Namespace} (not the root namespace {rootNamespace}), and no pods in the input tell where this workload runs")
            : Coverage.None;
    }

    /// <summary>A patch without <c>portNumber</c> reaches every listener; one with it, the
    /// listener on that port.</summary>
    private static Coverage Listener(EnvoyFilter filter, Finding finding)
    {
        if (filter.Patches.Count == 0 || filter.Patches.Any(p => p.ListenerPort is null) || finding.Binding is not { } binding)
        {
            return Coverage.Covered;
        }
        if (!finding.PortEstablished)
        {
            var ports = string.Join(", ", filter.Patches.Select(p => p.ListenerPort).Distinct());
            return new Coverage(CoverageKind.Unverified, $"it matches listener port {ports}, and no Service was read to tell the port Envoy listens on for Gateway port {binding.Port} (a Service's targetPort moves it, 443 → 8443 on istioctl's default gateway)");
        }
        var name = binding.EnvoyName;
        return filter.Patches.Any(p => p.ListenerPort == binding.Port && (p.ListenerName is null || p.ListenerName == name))
            ? Coverage.Covered
            : Coverage.None;
    }
}
