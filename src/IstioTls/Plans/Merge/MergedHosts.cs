using IstioTls.Model;

namespace IstioTls.Plans.Merge;

/// <summary>
/// The hosts of a merged server: the survivor server's first, then every other server's, with
/// their namespace prefixes kept in meaning. <c>./host</c> means "VirtualServices of this
/// Gateway's namespace", so a host moved from another namespace's Gateway becomes
/// <c>thatns/host</c>. Hosts that admit the same VirtualServices for the same name are one.
/// </summary>
internal static class MergedHosts
{
    public static IReadOnlyList<ServerHost> Union(Server survivor, IEnumerable<Server> servers)
    {
        var into = survivor.Gateway.Meta.Namespace;
        var seen = new HashSet<(string, string)>();
        var result = new List<ServerHost>();
        foreach (var server in servers.Where(s => s != survivor).Prepend(survivor))
        {
            var from = server.Gateway.Meta.Namespace;
            foreach (var host in server.Hosts)
            {
                if (seen.Add((BindingNamespace(host, from), host.Sni)))
                {
                    result.Add(host.NamespacePrefix == "." && from != into ? host with { NamespacePrefix = from } : host);
                }
            }
        }
        return result;
    }

    /// <summary>Which VirtualServices a host admits: "*" for any namespace (no prefix or
    /// <c>*/</c>), else the namespace.</summary>
    private static string BindingNamespace(ServerHost host, string gatewayNamespace) => host.NamespacePrefix switch
    {
        null or "*" => "*",
        "." => gatewayNamespace,
        var ns => ns,
    };
}
