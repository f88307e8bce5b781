using System.Text;
using CsCheck;
using IstioTls.Plans.Merge;

namespace IstioTls.Tests.Merge;

/// <summary>
/// Random clusters for the merge properties: Gateways in three namespaces on two workloads,
/// servers on 443, 8443 and 80 with a few Secrets (one written <c>kubernetes://</c>), some with
/// a stricter TLS version, hosts with and without namespace prefixes; VirtualServices in any
/// namespace naming Gateways by short or qualified name, or <c>mesh</c>, in <c>spec.gateways</c>
/// or in a route's match.
/// </summary>
internal static class GeneratedClusters
{
    public sealed record ServerSpec(int Port, string Mode, string Credential, string? MinVersion, string[] Hosts);

    public sealed record GatewaySpec(string Namespace, string Selector, string? Created, ServerSpec[] Servers);

    public sealed record VirtualServiceSpec(string Namespace, string[] Hosts, string[] Gateways, bool InMatch);

    public sealed record ClusterSpec(GatewaySpec[] Gateways, VirtualServiceSpec[] VirtualServices, MergeOptions Options)
    {
        public override string ToString() => $"options {Options}\n{Render(this)}";
    }

    private static readonly string[] Namespaces = ["web", "shop", "istio-system"];

    private static readonly string[] Names = ["x.example.com", "y.example.com", "z.example.com", "v.example.com", "w.other.com"];

    private static readonly Gen<string> Host =
        from prefix in Gen.OneOf("", "", "", "./", "web/", "*/")
        from name in Gen.OneOf(Names)
        select prefix + name;

    private static readonly Gen<ServerSpec> Server =
        from port in Gen.OneOf(443, 443, 443, 8443, 80)
        from mode in Gen.OneOf("SIMPLE", "SIMPLE", "SIMPLE", "SIMPLE", "SIMPLE", "MUTUAL", "PASSTHROUGH")
        from credential in Gen.OneOf("a", "a", "kubernetes://a", "b")
        from min in Gen.OneOf<string?>(null, null, null, null, null, null, null, "TLSV1_3")
        from hosts in Host.Array[1, 2]
        select new ServerSpec(port, mode, credential, min, [.. hosts.Distinct()]);

    private static readonly Gen<GatewaySpec> Gateway =
        from ns in Gen.OneOf(Namespaces)
        from selector in Gen.OneOf("istio=ingressgateway", "istio=ingressgateway", "istio=internal")
        from created in Gen.OneOf<string?>(null, "2024-01-01T00:00:00Z", "2024-02-01T00:00:00Z")
        from servers in Server.Array[1, 3]
        select new GatewaySpec(ns, selector, created, servers);

    // Mostly bound to one Gateway's hosts, from its namespace or another, so that the bindings
    // the merge must keep (namespace prefixes, short names) occur often.
    private static Gen<VirtualServiceSpec> VirtualService(GatewaySpec[] gateways) =>
        from k in Gen.Int[0, gateways.Length - 1]
        from ns in Gen.OneOf([gateways[k].Namespace, gateways[k].Namespace, .. Namespaces])
        from hosts in Gen.OneOf([.. gateways[k].Servers.SelectMany(s => s.Hosts).Select(h => h[(h.IndexOf('/') + 1)..]), .. Names]).Array[1, 2]
        from shortName in Gen.Bool
        from others in (
            from other in Gen.Int[0, gateways.Length - 1]
            from form in Gen.Int[0, 2]
            select form switch { 0 => $"gw{other}", 1 => $"{gateways[other].Namespace}/gw{other}", _ => "mesh" }).Array[0, 2]
        from first in Gen.Bool
        from inMatch in Gen.Bool
        let own = shortName && ns == gateways[k].Namespace ? $"gw{k}" : $"{gateways[k].Namespace}/gw{k}"
        select new VirtualServiceSpec(ns, [.. hosts.Distinct()], first ? [own, .. others] : [.. others, own], inMatch);

    public static readonly Gen<ClusterSpec> Cluster =
        from gateways in Gateway.Array[1, 5]
        from virtualServices in VirtualService(gateways).Array[0, 4]
        from wildcard in Gen.Bool
        from target in Gen.Int[-3, gateways.Length - 1]
        select new ClusterSpec(gateways, virtualServices, new MergeOptions
        {
            Wildcard = wildcard,
            Into = target < 0 ? null : new(gateways[target].Namespace, $"gw{target}"),
        });

    public static string Render(ClusterSpec cluster)
    {
        var yaml = new StringBuilder();
        for (var i = 0; i < cluster.Gateways.Length; i++)
        {
            var g = cluster.Gateways[i];
            var created = g.Created is null ? "" : $", creationTimestamp: \"{g.Created}\"";
            var selector = g.Selector.Split('=');
            yaml.Append($"---\napiVersion: networking.istio.io/v1\nkind: Gateway\nmetadata: {{name: gw{i}, namespace: {g.Namespace}{created}}}\nspec:\n  selector: {{{selector[0]}: {selector[1]}}}\n  servers:\n");
            for (var j = 0; j < g.Servers.Length; j++)
            {
                var s = g.Servers[j];
                var protocol = s.Port == 80 ? "HTTP" : s.Mode == "PASSTHROUGH" ? "TLS" : "HTTPS";
                yaml.Append($"  - port: {{number: {s.Port}, name: p{j}, protocol: {protocol}}}\n");
                yaml.Append($"    hosts: [{string.Join(", ", s.Hosts.Select(h => $"\"{h}\""))}]\n");
                if (s.Port != 80)
                {
                    var min = s.MinVersion is null ? "" : $", minProtocolVersion: {s.MinVersion}";
                    yaml.Append($"    tls: {{mode: {s.Mode}, credentialName: \"{s.Credential}\"{min}}}\n");
                }
            }
        }
        for (var i = 0; i < cluster.VirtualServices.Length; i++)
        {
            var v = cluster.VirtualServices[i];
            var names = $"[{string.Join(", ", v.Gateways.Select(n => $"\"{n}\""))}]";
            yaml.Append($"---\napiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata: {{name: vs{i}, namespace: {v.Namespace}}}\nspec:\n  hosts: [{string.Join(", ", v.Hosts)}]\n");
            yaml.Append(v.InMatch
                ? $"  http:\n  - match: [{{gateways: {names}}}]\n    route: [{{destination: {{host: backend}}}}]\n"
                : $"  gateways: {names}\n  http:\n  - route: [{{destination: {{host: backend}}}}]\n");
        }
        return yaml.ToString();
    }
}
