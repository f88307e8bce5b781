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
    public static string? Check(IReadOnlyList<VirtualService> virtualServices, IReadOnlyList<Server> servers, Server merged, IReadOnlyList<ServerHost> mergedHosts)
    {
        var before = new HashSet<(string VirtualService, string Host)>();
        foreach (var server in servers)
        {
            foreach (var vs in BoundTo(virtualServices, server.Gateway))
            {
                before.UnionWith(Routes(vs, server.Hosts, server.Gateway.Meta.Namespace).Select(h => (vs.Key, h)));
            }
        }
        var gateways = servers.Select(s => s.Gateway).Append(merged.Gateway).Distinct().ToList();
        var after = new List<(string VirtualService, string Host)>();
        foreach (var vs in virtualServices.Where(v => gateways.Any(g => IsBound(v, g))).OrderBy(v => v.Key, StringComparer.Ordinal))
        {
            after.AddRange(Routes(vs, mergedHosts, merged.Gateway.Meta.Namespace).Select(h => (vs.Key, h)));
        }
        var added = after.Where(r => !before.Contains(r)).Distinct().ToList();
        if (added.Count == 0)
        {
            return null;
        }
        var (name, host) = added[0];
        var more = added.Count > 1 ? $" (and {added.Count - 1} more)" : "";
        return $"merging would also route {host} through VirtualService {name}{more}: istiod binds a VirtualService's hosts to every host of the server it reaches, so the merged server would send {host} to other routes than today; give that VirtualService hosts that do not meet the other servers' hosts, or merge by hand";
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
                if (Intersect(entry.Host.ToLowerInvariant(), host.ToLowerInvariant()) is { } routed)
                {
                    yield return routed;
                }
            }
        }
    }

    /// <summary>The names two host patterns share, as the narrower pattern; null when none.</summary>
    private static string? Intersect(string a, string b)
    {
        if (a == b || Covers(a, b))
        {
            return b;
        }
        return Covers(b, a) ? a : null;
    }

    private static bool Covers(string pattern, string name) =>
        pattern == "*" || (pattern.StartsWith("*.", StringComparison.Ordinal) && name.EndsWith(pattern[1..], StringComparison.Ordinal) && name.Length > pattern.Length - 1);
}
