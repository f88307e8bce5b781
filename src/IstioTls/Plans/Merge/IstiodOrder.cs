using IstioTls.Analysis;
using IstioTls.Model;

namespace IstioTls.Plans.Merge;

/// <summary>
/// How istiod decides which of two servers listing the same host is served: Gateways in
/// <see cref="GatewayOrder"/> (its sortConfigByCreationTime), and a later TLS server that lists
/// a host already taken is skipped whole. Hosts are compared as istiod rewrites them:
/// <c>./h</c> is <c>ns/h</c>, <c>*/h</c> is <c>h</c>.
/// </summary>
internal static class IstiodOrder
{
    /// <summary>True when istiod takes <paramref name="a"/>'s servers before <paramref name="b"/>'s.
    /// A missing creationTimestamp (files) counts as newest, as in <c>check</c>.</summary>
    public static bool ProcessesFirst(Gateway a, Gateway b) => GatewayOrder.Instance.Compare(a, b) < 0;

    public static string HostString(ServerHost host, string gatewayNamespace) => host.NamespacePrefix switch
    {
        "." => $"{gatewayNamespace}/{host.Host}",
        null or "*" => host.Host,
        var ns => $"{ns}/{host.Host}",
    };
}
