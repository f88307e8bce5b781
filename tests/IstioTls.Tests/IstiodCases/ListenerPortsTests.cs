using IstioTls.Analysis.Istiod;
using IstioTls.Model;
using IstioTls.Tests.Support;
using static IstioTls.Tests.Support.Manifests;
using static IstioTls.Tests.Support.MisdirectedFixtures;

namespace IstioTls.Tests.IstiodCases;

/// <summary>
/// The port Envoy listens on for a Gateway port, as istiod's resolvePorts decides it through
/// the Services in front of the gateway pods, and whether that is known or assumed.
/// </summary>
public class ListenerPortsTests
{
    private static string Service(string key, string selector, string ports, string? labels = null)
    {
        var slash = key.IndexOf('/', StringComparison.Ordinal);
        var meta = labels is null ? "" : $", labels: {{{Labels(labels)}}}";
        return $"---\napiVersion: v1\nkind: Service\nmetadata: {{name: {key[(slash + 1)..]}, namespace: {key[..slash]}{meta}}}\nspec:\n  selector: {{{Labels(selector)}}}\n  ports: [{ports}]\n";
    }

    private static WorkloadInstance Instance(string name, string labels, string? namedPort = null) =>
        new("istio-system", "ingress", "Deployment", name, LabelsOf(labels))
        {
            NamedPorts = namedPort is null ? new Dictionary<string, int>() : new Dictionary<string, int> { [namedPort.Split('=')[0]] = int.Parse(namedPort.Split('=')[1], System.Globalization.CultureInfo.InvariantCulture) },
        };

    private static readonly string Gateways = Gateway("web/a", Ingress, [Simple(443, "a.example.com", "cert-a")]);

    private static readonly string Translating = Service("istio-system/ingress", Ingress, "{name: http, port: 80, targetPort: 8080}, {name: https, port: 443, targetPort: 8443}");

    public static TheoryData<string, string, WorkloadInstance[], string> Cases => new()
    {
        // situation, Services (and Gateways), pods, "port source" for Gateway port 443
        { "files without Services: the port as written, assumed", Gateways, [Instance("p1", Ingress)], "443 Assumed" },
        { "a Service translating the port", Gateways + Translating, [Instance("p1", Ingress)], "8443 Service" },
        { "a Service selecting one of two pods mid-rollout", Gateways + Service("istio-system/ingress", Ingress + ",version=v2", "{name: https, port: 443, targetPort: 8443}"), [Instance("p1", Ingress + ",version=v1"), Instance("p2", Ingress + ",version=v2")], "8443 Service" },
        { "a Service selecting none of the pods", Gateways + Service("istio-system/ingress", "app=other", "{name: https, port: 443, targetPort: 8443}"), [Instance("p1", Ingress)], "443 AsWritten" },
        { "a Service without the port", Gateways + Service("istio-system/ingress", Ingress, "{name: http, port: 80, targetPort: 8080}"), [Instance("p1", Ingress)], "443 AsWritten" },
        { "a Service that disables the translation", Gateways + Service("istio-system/ingress", Ingress, "{name: https, port: 443, targetPort: 8443}", labels: "experimental.istio.io/disable-gateway-port-translation=true"), [Instance("p1", Ingress)], "443 AsWritten" },
        { "a named target port, found on the second pod", Gateways + Service("istio-system/ingress", Ingress, "{name: https, port: 443, targetPort: https}"), [Instance("p1", Ingress), Instance("p2", Ingress, "https=8443")], "8443 Service" },
        { "a named target port no pod shows: assumed", Gateways + Service("istio-system/ingress", Ingress, "{name: https, port: 443, targetPort: https}"), [Instance("p1", Ingress, "http=8080")], "443 Assumed" },
        { "no pods: a Service whose selector every selective Gateway includes", Gateways + Gateway("web/b", Ingress + ",app=b", [Simple(443, "b.example.com", "cert-b")]) + Translating, [], "8443 Service" },
        { "no pods: a Service whose selector only one Gateway includes: assumed", Gateways + Gateway("web/b", Ingress + ",app=b", [Simple(443, "b.example.com", "cert-b")]) + Service("istio-system/ingress", "app=b", "{name: https, port: 443, targetPort: 8443}"), [], "443 Assumed" },
        { "two Services in front of the pods, the later one by name first in the input: the first by namespace and name decides", Gateways + Service("istio-system/z-ingress", Ingress, "{name: https, port: 443, targetPort: 9443}") + Service("istio-system/a-ingress", Ingress, "{name: https, port: 443, targetPort: 8443}"), [Instance("p1", Ingress)], "8443 Service" },
        { "no pods, a Gateway without a selector (every gateway workload): no Service is known to be in front, assumed", Gateway("web/a", "", [Simple(443, "a.example.com", "cert-a")]) + Translating, [], "443 Assumed" },
        { "no pods, Gateway API: a Service in the Gateway's namespace", GatewayApi("edge/edge", [Listener("a", 443, "a.example.com", certificates: ["cert-a"])]) + Service("edge/edge-istio", "gateway.networking.k8s.io/gateway-name=edge", "{name: https, port: 443, targetPort: 8443}"), [], "8443 Service" },
        { "no pods, Gateway API: a Service in another namespace: assumed", GatewayApi("edge/edge", [Listener("a", 443, "a.example.com", certificates: ["cert-a"])]) + Service("other/edge-istio", "gateway.networking.k8s.io/gateway-name=edge", "{name: https, port: 443, targetPort: 8443}"), [], "443 Assumed" },
    };

    public static TheoryData<string> Situations => NamedRows.Names(Cases);

    [Theory]
    [MemberData(nameof(Situations))]
    public void Resolves_a_Gateway_port(string situation)
    {
        var (yaml, pods, expected) = NamedRows.Row<string, WorkloadInstance[], string>(Cases, situation);
        var snapshot = Snapshot(yaml);

        var port = ListenerPorts.For(snapshot, pods, snapshot.Gateways).Resolve(443);

        Assert.True(expected == $"{port.Number} {port.Source}", $"{situation}: {port.Number} {port.Source}");
    }

    /// <summary>Live, the Services were listed: none is a fact, and the port is bound as written.</summary>
    [Fact]
    public void Listed_Services_none_of_them_in_front_binds_the_port_as_written()
    {
        var listed = new ConfigSnapshot { ServicesKnown = true };

        Assert.Equal(new ListenerPort(443, ListenerPortSource.AsWritten), ListenerPorts.For(listed, [Instance("p1", Ingress)], []).Resolve(443));
        Assert.Equal(new ListenerPort(443, ListenerPortSource.Assumed), ListenerPorts.For(new ConfigSnapshot(), [Instance("p1", Ingress)], []).Resolve(443));
    }
}
