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
internal static class RouteSafety
{
    /// <returns>Why the merge would re-route a host; null when every host keeps its routes.</returns>
    /// <remarks>Every server of the Gateways involved counts, not only the merged one: a
    /// VirtualService repointed to the survivor binds to all of the survivor's servers, on
    /// every port.</remarks>
    public static string? Check(IReadOnlyList<VirtualService> virtualServices, IReadOnlyList<Server> servers, Server merged, IReadOnlyList<ServerHost> mergedHosts)
    {
        var survivor = merged.Gateway;
        var absorbed = servers.Select(s => s.Gateway).Where(g => g != survivor).Distinct().ToList();
        var moved = servers.Where(s => s != merged).ToHashSet();
        var before = new HashSet<(string VirtualService, int Port, string Host)>();
        foreach (var gateway in absorbed.Prepend(survivor))
        {
            var bound = BoundTo(virtualServices, gateway).ToList();
            foreach (var server in gateway.Servers)
            {
                foreach (var vs in bound)
                {
                    before.UnionWith(Routes(vs, server.Hosts, gateway.Meta.Namespace).Select(h => (vs.Key, server.Port.Number, h)));
                }
            }
        }
        var after = new List<(string VirtualService, int Port, string Host)>();
        var boundToSurvivor = virtualServices.Where(v => IsBound(v, survivor) || absorbed.Any(g => IsBound(v, g))).OrderBy(v => v.Key, StringComparer.Ordinal).ToList();
        foreach (var server in survivor.Servers.Where(s => !moved.Contains(s)))
        {
            var hosts = server == merged ? mergedHosts : server.Hosts;
            foreach (var vs in boundToSurvivor)
            {
                after.AddRange(Routes(vs, hosts, survivor.Meta.Namespace).Select(h => (vs.Key, server.Port.Number, h)));
            }
        }
        // The servers the absorbed Gateways keep stay bound to the same VirtualServices, in the
        // same namespace, with the same hosts: their routes are all in `before` already.
        var added = after.Where(r => !before.Contains(r)).Distinct().ToList();
        if (added.Count == 0)
        {
            return null;
        }
        var (name, port, host) = added[0];
        var more = added.Count > 1 ? $" (and {added.Count - 1} more)" : "";
        return $"merging would also route {host} (port {port}) through VirtualService {name}{more}: istiod binds a VirtualService's hosts to every host of the servers of the Gateways it names, so after the merge {host} would go to other routes than today; give that VirtualService hosts that do not meet the other servers' hosts, or merge by hand";
    }

    private static IEnumerable<VirtualService> BoundTo(IReadOnlyList<VirtualService> virtualServices, Gateway gateway) =>
        virtualServices.Where(v => IsBound(v, gateway));

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
