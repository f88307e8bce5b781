using IstioTls.Analysis;
using IstioTls.Documents;
using IstioTls.Model;

namespace IstioTls.Plans.Merge;

/// <summary>
/// Which groups a plan merges, and why it leaves each other one alone: a Gateway API listener,
/// different selectors, different Gateway ports, different TLS settings, a host another server
/// on the port lists, a server already in a merged group, or a merge that would re-route a host
/// (<see cref="RouteSafety"/>).
/// Both lists come in the order of the findings.
/// </summary>
internal static class GroupChoice
{
    public static (IReadOnlyList<(Finding Finding, Server Merged)> Merges, IReadOnlyList<SkippedGroup> Skipped) Choose(
        ConfigSnapshot snapshot, ObjectsAsRead objects, WorkloadGroups workloadGroups, IReadOnlyList<Finding> findings, Gateway? into, bool wildcard)
    {
        var chosen = new Dictionary<Finding, Server>(ReferenceEqualityComparer.Instance);
        var skipped = new Dictionary<Finding, SkippedGroup>(ReferenceEqualityComparer.Instance);
        var claimed = new HashSet<Server>();
        var routeSafety = new RouteSafety(snapshot.VirtualServices, snapshot.Gateways);
        var rerouting = new List<Finding>();
        // Null when the group is merged; a group that would re-route a host is tried again below.
        SkippedGroup? Try(Finding finding)
        {
            var survivor = finding.Servers.Any(s => s.Gateway == into) ? into! : finding.Servers.Select(s => s.Gateway).Min(GatewayOrder.Instance)!;
            // The servers come oldest Gateway first, then by index: the first of the survivor's is the one to keep.
            var merged = finding.Servers.First(s => s.Gateway == survivor);
            if (Skip(objects, finding, merged, Neighbours(workloadGroups, finding, merged), claimed, chosen.Keys) is { } skip)
            {
                return skip;
            }
            var planned = MergedHosts.Union(merged, finding.Servers);
            if (wildcard && WildcardHost.TryCollapse(planned, Neighbours(workloadGroups, finding, merged), out _) is { } collapsed)
            {
                planned = [collapsed];
            }
            if (routeSafety.Admit(finding.Servers, merged, planned) is { } rerouted)
            {
                rerouting.Add(finding);
                return new SkippedGroup(finding, rerouted, []);
            }
            claimed.UnionWith(finding.Servers);
            chosen[finding] = merged;
            return null;
        }
        foreach (var finding in findings)
        {
            if (Try(finding) is { } skip)
            {
                skipped[finding] = skip;
            }
        }
        // A group can re-route a host only through a server that a later group moves away from its
        // survivor; a re-run would plan it once that group is merged, so this plan does (until no
        // more groups come in, each judged with every group merged by then).
        for (var admitted = true; admitted && rerouting.Count > 0;)
        {
            var retried = rerouting.ToList();
            rerouting.Clear();
            admitted = false;
            foreach (var finding in retried)
            {
                if (Try(finding) is { } skip)
                {
                    skipped[finding] = skip;
                }
                else
                {
                    skipped.Remove(finding);
                    admitted = true;
                }
            }
        }

        return (
            [.. findings.Where(chosen.ContainsKey).Select(f => (f, chosen[f]))],
            [.. findings.Where(skipped.ContainsKey).Select(f => skipped[f])]);
    }

    private static SkippedGroup? Skip(ObjectsAsRead objects, Finding finding, Server merged, IEnumerable<Server> neighbours, IReadOnlySet<Server> claimed, IEnumerable<Finding> chosen)
    {
        if (finding.Servers.FirstOrDefault(s => s.Gateway.FromGatewayApi) is { } listener)
        {
            return new SkippedGroup(finding, $"{listener.Gateway.Describe()}: a Gateway API listener holds one hostname, so there is no server to merge into; answer 421 with kubectl istio-tls apply-421, or give each listener its own certificate", []);
        }
        var selectors = finding.Servers.Select(s => s.Gateway.Selector).Distinct().ToList();
        if (selectors.Count > 1)
        {
            var shown = string.Join(" and ", selectors.Select(s => s.IsEmpty ? "{}" : s.ToString()));
            return new SkippedGroup(finding, $"the Gateways select different gateway pods ({shown}): moving a server between them would change which pods serve its hosts", ["selector"]);
        }
        // One Service can send two Gateway ports to one listener, and only on the pods behind it:
        // merged under one port, a host would move to the other port on every other workload the
        // Gateways reach, and out of VirtualService matches on its port.
        if (finding.Servers.Any(s => s.Port.Number != merged.Port.Number))
        {
            return new SkippedGroup(finding, $"the servers are on different Gateway ports ({string.Join("; ", finding.Servers.Select(s => $"{s}: {s.Port.Number}"))}), which a Service sends to one listener: merged, a host would move to the other port; give them one port first, or merge by hand", ["port"]);
        }
        var fields = TlsSettings.Differences(objects, merged, finding.Servers.Where(s => s != merged));
        if (fields.Count > 0)
        {
            var details = string.Join(", ", fields.Select(f => TlsSettings.Describe(objects, f, finding.Servers)));
            return new SkippedGroup(finding, $"TLS settings differ: {details}", fields);
        }
        // istiod skips a TLS server that lists a host an older server on the listener already has:
        // a merged server that took over such a host would lose all its hosts.
        var hosts = finding.Servers.SelectMany(s => s.Hosts).Select(h => h.Sni).ToHashSet(StringComparer.Ordinal);
        if (neighbours.Where(n => n.Tls is not null).SelectMany(n => n.Hosts.Select(h => (Server: n, h.Sni))).FirstOrDefault(n => hosts.Contains(n.Sni)) is { Server: not null } duplicate)
        {
            return new SkippedGroup(finding, $"{duplicate.Sni} is also listed by {duplicate.Server} on this port, and istiod serves a host from one server only: resolve that DuplicateHost finding first", ["hosts"]);
        }
        if (finding.Servers.FirstOrDefault(claimed.Contains) is { } taken)
        {
            // Gateway workloads in two namespaces behind one selector: a group each, the same servers.
            if (chosen.Any(c => c.Servers.Count == finding.Servers.Count && finding.Servers.All(c.Servers.Contains)))
            {
                return new SkippedGroup(finding, "the same servers as a group merged above, on another gateway workload: that merge serves this one too", []);
            }
            return new SkippedGroup(finding, $"{taken} is also in a group merged above; run merge again once this plan is applied", []);
        }
        return null;
    }

    /// <summary>Servers on the merged server's listener on every workload the survivor reaches,
    /// apart from the group's own: hosts the merged server must not list, or take by a wildcard.
    /// The listener is the workload's: a Service can send another Gateway port to it.</summary>
    public static IEnumerable<Server> Neighbours(WorkloadGroups groups, Finding finding, Server merged) =>
        groups
            .Where(p => p.Gateways.Contains(merged.Gateway))
            .SelectMany(p => p.Gateways.SelectMany(g => g.Servers).Where(s => Listener(p, s) == Listener(p, merged)))
            .Where(s => !finding.Servers.Contains(s))
            .Distinct()
            .Order(GatewayOrder.Instance);

    private static PortBinding Listener(WorkloadGroup workload, Server server) =>
        new(workload.Ports.Resolve(server.Port.Number).Number, server.Bind);
}
