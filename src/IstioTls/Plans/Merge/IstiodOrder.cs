using IstioTls.Model;

namespace IstioTls.Plans.Merge;

/// <summary>
/// How istiod decides which of two servers listing the same host is served: Gateways oldest
/// first (its sortConfigByCreationTime: creationTimestamp, then name, then namespace), and a
/// later TLS server that lists a host already taken is skipped whole. Hosts are compared as
/// istiod rewrites them: <c>./h</c> is <c>ns/h</c>, <c>*/h</c> is <c>h</c>.
/// </summary>
internal static class IstiodOrder
{
    /// <summary>True when istiod takes <paramref name="a"/>'s servers before <paramref name="b"/>'s.
    /// A missing creationTimestamp (files) counts as newest, as in <c>check</c>.</summary>
    public static bool ProcessesFirst(Gateway a, Gateway b)
    {
        var (x, y) = (a.Meta.CreationTimestamp, b.Meta.CreationTimestamp);
        if (x != y)
        {
            return y is null || (x is not null && x < y);
        }
        var byName = string.CompareOrdinal(a.Meta.Name, b.Meta.Name);
        return byName != 0 ? byName < 0 : string.CompareOrdinal(a.Meta.Namespace, b.Meta.Namespace) < 0;
    }

    public static string HostString(ServerHost host, string gatewayNamespace) => host.NamespacePrefix switch
    {
        "." => $"{gatewayNamespace}/{host.Host}",
        null or "*" => host.Host,
        var ns => $"{ns}/{host.Host}",
    };
}
