using IstioTls.Analysis;
using IstioTls.Model;

namespace IstioTls.Plans.Merge;

/// <summary>
/// A merge must not change which VirtualServices route a host. istiod builds each server's
/// routes from the VirtualServices bound to its Gateway, their hosts intersected with that
/// server's hosts (pilot/pkg/networking/core/gateway.go): after a merge every VirtualService
/// bound to any of the group's Gateways is bound to the one merged server, so a wildcard
/// VirtualService (<c>*.test.com</c>) that reached one host now reaches all of them, and with
/// <c>--wildcard</c> a VirtualService bound to the survivor for another port reaches the merged
/// hosts too. The routes per host are compared before and after; a group where they differ is
/// skipped, saying which VirtualService would start routing which host.
/// </summary>
/// <remarks>The groups of one plan are admitted one at a time and each is judged with the
/// groups admitted before it: two groups into one survivor can each keep every route alone and
/// not together (one repoints a VirtualService to the survivor, the other brings a host it
/// routes). Judging each alone made a plan that a re-run after its VirtualService write no
/// longer agreed with.</remarks>
internal sealed class RouteSafety(IReadOnlyList<VirtualService> virtualServices, IReadOnlyList<Gateway> gateways)
{
    private readonly Dictionary<Gateway, HashSet<Gateway>> _absorbedBy = [];
    private readonly Dictionary<Server, IReadOnlyList<ServerHost>> _mergedHosts = [];
    private readonly HashSet<Server> _moved = [];
    private Dictionary<string, Gateway>? _gatewaysByKey;

    /// <summary>Admits the group when every host keeps its routes with it and the groups
    /// admitted before.</summary>
    /// <returns>Why the merge would re-route a host; null when the group is admitted.</returns>
    /// <remarks>Every server of the Gateways involved counts, not only the merged one: a
    /// VirtualService repointed to the survivor binds to all of the survivor's servers, on
    /// every port. A route is a VirtualService, the pods (the selector), a port and a host:
    /// what it routes today is read from every Gateway it is bound to, so that a host it already
    /// routes through a Gateway outside the group is not taken for a new route.</remarks>
    public string? Admit(IReadOnlyList<Server> servers, Server merged, IReadOnlyList<ServerHost> mergedHosts)
    {
        var survivor = merged.Gateway;
        var absorbed = _absorbedBy.TryGetValue(survivor, out var earlier) ? new HashSet<Gateway>(earlier) : [];
        absorbed.UnionWith(servers.Select(s => s.Gateway).Where(g => g != survivor));
        var moved = servers.Where(s => s != merged).ToHashSet();
        moved.UnionWith(_moved);

        var boundToSurvivor = virtualServices.Where(v => IsBound(v, survivor) || absorbed.Any(g => IsBound(v, g))).OrderBy(v => v.Key, StringComparer.Ordinal).ToList();
        var before = new HashSet<(string VirtualService, LabelSet Selector, int Port, string Host)>();
        foreach (var vs in boundToSurvivor)
        {
            foreach (var gateway in vs.BoundGateways.Select(Find).OfType<Gateway>())
            {
                foreach (var server in gateway.Servers)
                {
                    before.UnionWith(Routes(vs, server.Hosts, gateway.Meta.Namespace).Select(h => (vs.Key, gateway.Selector, server.Port.Number, h)));
                }
            }
        }
        var after = new List<(string VirtualService, LabelSet Selector, int Port, string Host)>();
        foreach (var server in survivor.Servers.Where(s => !moved.Contains(s)))
        {
            var hosts = server == merged ? mergedHosts : _mergedHosts.GetValueOrDefault(server, server.Hosts);
            foreach (var vs in boundToSurvivor)
            {
                after.AddRange(Routes(vs, hosts, survivor.Meta.Namespace).Select(h => (vs.Key, survivor.Selector, server.Port.Number, h)));
            }
        }
        // The servers the absorbed Gateways keep stay bound to the same VirtualServices, in the
        // same namespace, with the same hosts: their routes are all in `before` already.
        var added = after.Where(r => !before.Contains(r)).Distinct().ToList();
        if (added.Count > 0)
        {
            var (name, _, port, host) = added[0];
            var more = added.Count > 1 ? $" (and {added.Count - 1} more)" : "";
            return $"merging would also route {host} (port {port}) through VirtualService {name}{more}: istiod binds a VirtualService's hosts to every host of the servers of the Gateways it names, so after the merge {host} would go to other routes than today; give that VirtualService hosts that do not meet the other servers' hosts, or merge by hand";
        }
        _absorbedBy[survivor] = absorbed;
        _mergedHosts[merged] = mergedHosts;
        _moved.UnionWith(moved);
        return null;
    }

    private Gateway? Find(string key)
    {
        _gatewaysByKey ??= gateways.GroupBy(g => g.Key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        return _gatewaysByKey.GetValueOrDefault(key);
    }

    private static bool IsBound(VirtualService vs, Gateway gateway) =>
        vs.BoundGateways.Contains(gateway.Key, StringComparer.Ordinal);

    /// <summary>The hosts the VirtualService routes on a server with these hosts: each of its
    /// hosts intersected with each server host that admits its namespace.</summary>
    private static IEnumerable<string> Routes(VirtualService vs, IReadOnlyList<ServerHost> serverHosts, string gatewayNamespace)
    {
        foreach (var entry in serverHosts)
        {
            var admits = entry.NamespacePrefix switch
            {
                null or "*" => true,
                "." => gatewayNamespace == vs.Meta.Namespace,
                var ns => ns == vs.Meta.Namespace,
            };
            if (!admits)
            {
                continue;
            }
            foreach (var host in vs.Hosts)
            {
                if (HostNames.Shared(entry.Host, host) is { } routed)
                {
                    yield return routed;
                }
            }
        }
    }
}
