using System.Text;
using IstioTls.Analysis;
using IstioTls.Analysis.Misdirected;
using IstioTls.Model;
using IstioTls.Sources;
using IstioTls.Tests.Support;
using static IstioTls.Tests.Support.Manifests;

namespace IstioTls.Tests.IstiodCases;

/// <summary>
/// The Gateway API cases of issue 13 (<c>Cases/istiod</c>, copied from ../shared/istiod-cases):
/// each file, read as <c>check -f</c> reads it, must give what its comment says istiod builds.
/// Groups are the servers istiod merges on each gateway workload, in its merge order.
/// </summary>
public class GatewayApiCasesTests
{
    /// <param name="Groups">Per workload group, its servers in istiod's merge order.</param>
    /// <param name="Findings">"Code severity servers"; null where another rule decides (see Note).</param>
    /// <param name="Warnings">The warnings, exactly.</param>
    public sealed record Case(string File, string Istiod, string[] Groups, string[]? Findings, string[] Warnings, string? Note = null)
    {
        public override string ToString() => File;
    }

    private static Case[] Cases =>
    [
        new("04-gwapi-listenerset.yaml",
            "a ListenerSet's listeners land on its parent Gateway's pods: both present store/store-tls on 443",
            ["store/web#0,store/cart#0"],
            ["SharedCertificate error store/web#0,store/cart#0"],
            []),
        new("05-gwapi-https-no-tls.yaml",
            "an HTTPS listener without tls builds no server (logged): one filter chain, nothing to misdirect",
            ["store/web#0"],
            [],
            ["05-gwapi-https-no-tls.yaml:5: Gateway API Gateway store/web listener https-placeholder: protocol HTTPS without tls; istiod builds no server for it"]),
        new("06-gwapi-tls-options-mode.yaml",
            "ISTIO_MUTUAL serves the mesh certificate (not at risk); MUTUAL shares the Secret, all MUTUAL: warning",
            ["store/mesh-in#0,store/mesh-in#1", "store/mtls#0,store/mtls#1"],
            ["SharedCertificate warning store/mtls#0,store/mtls#1"],
            []),
        new("07-gwapi-crossns-ref-no-grant.yaml",
            "a certificateRef to another namespace without ReferenceGrant is refused: the listeners present no certificate",
            ["store/web#0,store/web#1"],
            [],
            [
                "07-gwapi-crossns-ref-no-grant.yaml:5: Gateway API Gateway store/web listener a: certificateRef certs/wildcard is not permitted (no ReferenceGrant in namespace certs for Gateways of namespace store); istiod refuses it",
                "07-gwapi-crossns-ref-no-grant.yaml:5: Gateway API Gateway store/web listener b: certificateRef certs/wildcard is not permitted (no ReferenceGrant in namespace certs for Gateways of namespace store); istiod refuses it",
            ]),
        new("08-strict-merging-universal.yaml",
            "strict Gateway merging: the selector-less istio-system Gateway is dropped from the pods of managed store/web",
            ["store/web#0"],
            [],
            []),
        new("09-gwapi-same-name-two-namespaces.yaml",
            "two Gateways named web in namespaces a and b are two workloads",
            ["a/web#0,a/web#1", "b/web#0"],
            ["SharedCertificate error a/web#0,a/web#1"],
            []),
        new("13b-gwapi-http-listener-on-443.yaml",
            "listeners merge by name: a-plain, cart, shop; a-plain takes 443 as plain text and both HTTPS listeners are skipped",
            ["store/web#2"],
            [],
            []),
    ];

    public static TheoryData<string> Files => NamedRows.Names(Cases, c => c.File);

    [Theory]
    [MemberData(nameof(Files))]
    public void Each_case_gives_what_istiod_builds(string file)
    {
        var @case = NamedRows.Row(Cases, c => c.File, file);
        var snapshot = ReadCase(@case.File);
        var report = Analyzer.Check(snapshot);

        Assert.Equal(@case.Groups, WorkloadGroups.Resolve(snapshot).Select(g => string.Join(",", g.Servers(_ => true).Select(s => s.Key))));
        if (@case.Findings is not null)
        {
            Assert.Equal(@case.Findings, Describe(report.Findings));
        }
        else
        {
            Assert.False(string.IsNullOrEmpty(@case.Note), "a case that leaves the findings out says why");
        }
        Assert.Equal(@case.Warnings, report.Warnings);
    }

    [Fact]
    public void Case_05_a_skipped_listener_keeps_the_positions_of_the_others()
    {
        var snapshot = Snapshot(GatewayApi("store/web", [Listener("https-placeholder", 443, null), Listener("https-a", 443, "a.example.net", certificates: ["store-tls"])]));

        var server = Assert.Single(Assert.Single(snapshot.Gateways).Servers);
        Assert.Equal(("https-a", 1), (server.Name, server.Index));
        Assert.Contains("listener https-placeholder: protocol HTTPS without tls", Assert.Single(snapshot.Warnings), StringComparison.Ordinal);
    }

    [Fact]
    public void Case_05_a_TLS_listener_without_tls_builds_no_server_either()
    {
        var snapshot = Snapshot(GatewayApi("store/web", [Listener("tls", 443, "a.example.net", protocol: "TLS"), Listener("http", 80, "a.example.net", protocol: "HTTP")]));

        Assert.Equal(["http"], Assert.Single(snapshot.Gateways).Servers.Select(s => s.Name));
    }

    public static TheoryData<string, string, TlsMode, string[], string[]> TerminateModes => new()
    {
        { "ISTIO_MUTUAL ignores certificateRefs", "ISTIO_MUTUAL", TlsMode.IstioMutual, [], [] },
        { "ISTIO_SIMPLE serves the mesh certificate (builtin://), not the Secret", "ISTIO_SIMPLE", TlsMode.Simple, ["builtin://"], [] },
        { "MUTUAL keeps the Secret", "MUTUAL", TlsMode.Mutual, ["store/shared"], ["SharedCertificate warning store/gw#0,store/gw#1"] },
        { "OPTIONAL_MUTUAL keeps the Secret; browsers need no client certificate", "OPTIONAL_MUTUAL", TlsMode.OptionalMutual, ["store/shared"], ["SharedCertificate error store/gw#0,store/gw#1"] },
        { "an unknown value is SIMPLE with the Secret, as istiod's switch falls through", "SIMPLE_PLEASE", TlsMode.Simple, ["store/shared"], ["SharedCertificate error store/gw#0,store/gw#1"] },
    };

    [Theory]
    [MemberData(nameof(TerminateModes))]
    public void Case_06_the_terminate_mode_option_decides_mode_and_certificate(string situation, string option, TlsMode mode, string[] certificate, string[] findings)
    {
        var listener = (string name, string host) => $"{{name: {name}, port: 443, protocol: HTTPS, hostname: {host}, tls: {{certificateRefs: [{{name: shared}}], options: {{gateway.istio.io/tls-terminate-mode: {option}}}}}}}";
        var yaml = GatewayApi("store/gw", [listener("a", "a.example.net"), listener("b", "b.example.net")]);

        var snapshot = Snapshot(yaml);
        var server = Assert.Single(snapshot.Gateways).Servers[0];
        Assert.Equal(mode, server.TlsMode);
        Assert.Equal(certificate, CertificateIdentity.Of(server).Concat(server.Tls!.CredentialName is { } c && CredentialName.IsBuiltin(c) ? [c] : []));
        Assert.True(findings.SequenceEqual(Describe(Analyzer.Check(snapshot).Findings)), situation);
    }

    [Theory]
    [InlineData(null, "AllowValidOnly", TlsMode.Mutual)]
    [InlineData(null, "AllowInsecureFallback", TlsMode.OptionalMutual)]
    [InlineData("OPTIONAL_MUTUAL", "AllowValidOnly", TlsMode.OptionalMutual)]
    public void Case_06_a_frontend_CA_certificate_makes_the_port_mutual(string? option, string validation, TlsMode mode)
    {
        var options = option is null ? "" : $", options: {{gateway.istio.io/tls-terminate-mode: {option}}}";
        var yaml = "apiVersion: gateway.networking.k8s.io/v1\nkind: Gateway\nmetadata: {name: gw, namespace: store}\nspec:\n  gatewayClassName: istio\n"
            + "  tls:\n    frontend:\n"
            + "      default: {validation: {caCertificateRefs: [{kind: ConfigMap, name: ca}], mode: " + validation + "}}\n"
            + "      perPort: [{port: 8443, tls: {}}]\n"
            + "  listeners:\n"
            + "  - {name: a, port: 443, protocol: HTTPS, hostname: a.example.net, tls: {certificateRefs: [{name: shared}]" + options + "}}\n"
            + "  - {name: b, port: 8443, protocol: HTTPS, hostname: b.example.net, tls: {certificateRefs: [{name: shared}]}}\n";

        var servers = Assert.Single(Snapshot(yaml).Gateways).Servers;

        Assert.Equal([mode, TlsMode.Simple], servers.Select(s => s.TlsMode));
    }

    public static TheoryData<string, string, string[]> Grants => new()
    {
        { "a grant for all Secrets", ReferenceGrant("certs", fromNamespace: "store"), ["SharedCertificate error store/web#0,store/web#1"] },
        { "a grant for this Secret by name", ReferenceGrant("certs", fromNamespace: "store", secret: "wildcard"), ["SharedCertificate error store/web#0,store/web#1"] },
        { "a v1 ReferenceGrant reads the same", ReferenceGrant("certs", fromNamespace: "store", apiVersion: "gateway.networking.k8s.io/v1"), ["SharedCertificate error store/web#0,store/web#1"] },
        { "a grant for another Secret", ReferenceGrant("certs", fromNamespace: "store", secret: "other"), [] },
        { "a grant to Gateways of another namespace", ReferenceGrant("certs", fromNamespace: "shop"), [] },
        { "a grant in another namespace than the Secret's", ReferenceGrant("store", fromNamespace: "store"), [] },
        { "a grant for ListenerSets is not one for Gateways", ReferenceGrant("certs", fromNamespace: "store", fromKind: "ListenerSet"), [] },
    };

    [Theory]
    [MemberData(nameof(Grants))]
    public void Case_07_a_ReferenceGrant_in_the_Secrets_namespace_permits_the_reference(string situation, string grant, string[] findings)
    {
        // The grant comes after the Gateway: it is decided when the snapshot is built.
        var report = Analyzer.Check(ReadCase("07-gwapi-crossns-ref-no-grant.yaml", grant));

        Assert.True(findings.SequenceEqual(Describe(report.Findings)), $"{situation}: {string.Join("; ", Describe(report.Findings))}");
        Assert.Equal(findings.Length == 0 ? 2 : 0, report.Warnings.Count);
    }

    [Fact]
    public void Case_07_a_ListenerSet_listener_with_a_refused_reference_is_not_added_at_all()
    {
        // istiod adds only programmed ListenerSet listeners to the parent (gateway_collection.go:419),
        // while a Gateway's own listener stays without the certificate.
        var yaml = GatewayApi("store/web", [Listener("own", 443, "own.example.net", certificates: ["certs/wildcard"])]).Replace("spec:\n", "spec:\n  allowedListeners: {namespaces: {from: Same}}\n", StringComparison.Ordinal)
            + ListenerSet("store/extra", "web", [Listener("more", 443, "more.example.net", certificates: ["certs/wildcard"])]);

        var snapshot = Snapshot(yaml);

        Assert.Equal(["store/web#0"], snapshot.Gateways.SelectMany(g => g.Servers).Select(s => s.Key));
        Assert.Equal(2, snapshot.Warnings.Count);
    }

    public static TheoryData<string, string, string[], string[]> ListenerSets => new()
    {
        {
            "a parent without allowedListeners admits none",
            GatewayApi("store/web", [Listener("shop", 443, "shop.example.net", certificates: ["tls"])]) + ListenerSet("store/cart", "web", [Listener("cart", 443, "cart.example.net", certificates: ["tls"])]),
            ["store/web#0"],
            ["test.yaml:11: ListenerSet store/cart: Gateway store/web does not admit ListenerSets from namespace store (spec.allowedListeners); istiod ignores it"]
        },
        {
            "from: All admits another namespace; its listeners land on the parent's pods",
            WithAllowed(GatewayApi("store/web", [Listener("shop", 443, "shop.example.net", certificates: ["tls"])]), "All")
                + ListenerSet("cart/cart", "web", [Listener("cart", 443, "cart.example.net", certificates: ["store/tls"])], parentNamespace: "store")
                + ReferenceGrant("store", fromNamespace: "cart", fromKind: "ListenerSet")
                + Pod("store/web-istio-1", "gateway.networking.k8s.io/gateway-name=web") + Pod("cart/web-istio-1", "gateway.networking.k8s.io/gateway-name=web"),
            ["store/web#0,cart/cart#0"],
            []
        },
        {
            "from: Same refuses another namespace",
            WithAllowed(GatewayApi("store/web", [Listener("shop", 443, "shop.example.net", certificates: ["tls"])]), "Same")
                + ListenerSet("cart/cart", "web", [Listener("cart", 443, "cart.example.net", certificates: ["store/tls"])], parentNamespace: "store"),
            ["store/web#0"],
            ["test.yaml:13: ListenerSet cart/cart: Gateway store/web does not admit ListenerSets from namespace cart (spec.allowedListeners); istiod ignores it"]
        },
        {
            "a parent of another class is another controller's",
            WithAllowed(GatewayApi("store/web", [Listener("shop", 443, "shop.example.net", certificates: ["tls"])], className: "nginx"), "Same")
                + ListenerSet("store/cart", "web", [Listener("cart", 443, "cart.example.net", certificates: ["tls"])]),
            [],
            []
        },
        {
            "a parent that is not in the input: a warning",
            ListenerSet("store/cart", "web", [Listener("cart", 443, "cart.example.net", certificates: ["tls"])]),
            [],
            ["test.yaml:1: ListenerSet store/cart: parent Gateway store/web is not in the input; its listeners are not checked"]
        },
        {
            "HTTPS without port takes 443; listeners merge by name after the older parent's",
            WithAllowed(GatewayApi("store/web", [Listener("z-shop", 443, "shop.example.net", certificates: ["tls"])]), "Same")
                + ListenerSet("store/cart", "web", [Listener("b", 443, "b.example.net", certificates: ["tls"]), "{name: a, protocol: HTTPS, hostname: a.example.net, tls: {certificateRefs: [{name: tls}]}}"]),
            ["store/web#0,store/cart#1,store/cart#0"],
            []
        },
    };

    [Theory]
    [MemberData(nameof(ListenerSets))]
    public void Case_04_ListenerSets_attach_as_istiod_attaches_them(string situation, string yaml, string[] groups, string[] warnings)
    {
        var snapshot = Snapshot(yaml);

        Assert.True(groups.SequenceEqual(WorkloadGroups.Resolve(snapshot).Select(g => string.Join(",", g.Servers(_ => true).Select(s => s.Key)))), situation);
        Assert.Equal(warnings, snapshot.Warnings);
    }

    [Fact]
    public void Case_04_a_ListenerSet_names_itself_in_reports()
    {
        var snapshot = ReadCase("04-gwapi-listenerset.yaml");

        var cart = snapshot.Gateways.Single(g => g.Meta.Name == "cart");
        Assert.Equal(("ListenerSet", "ListenerSet store/cart listener https-cart"), (cart.Kind, cart.Servers[0].ToString()));
        Assert.True(cart.FromGatewayApi);
    }

    public static TheoryData<string, string, string[]> StrictMerging => new()
    {
        {
            "an Istio Gateway of the managed Gateway's namespace stays",
            StrictCase("store/legacy", ""),
            ["store/web#0,store/legacy#0"]
        },
        {
            "a selective Istio Gateway of another namespace that selects the pods is dropped",
            StrictCase("istio-system/legacy", "gateway.networking.k8s.io/gateway-name=web"),
            ["store/web#0"]
        },
        {
            "an unmanaged Gateway API Gateway (Hostname address) drops nothing",
            StrictCase("istio-system/legacy", "", addresses: "  addresses: [{type: Hostname, value: ingress.istio-system.svc.cluster.local}]\n"),
            ["store/web#0,istio-system/legacy#0"]
        },
        {
            "one IP address is still managed",
            StrictCase("istio-system/legacy", "", addresses: "  addresses: [{type: IPAddress, value: 10.0.0.1}]\n"),
            ["store/web#0"]
        },
    };

    [Theory]
    [MemberData(nameof(StrictMerging))]
    public void Case_08_strict_merging_keeps_the_managed_Gateways_namespace(string situation, string yaml, string[] groups)
    {
        var snapshot = Snapshot(yaml);

        Assert.True(groups.SequenceEqual(WorkloadGroups.Resolve(snapshot).Select(g => string.Join(",", g.Servers(_ => true).Select(s => s.Key)))), situation);
    }

    [Fact]
    public void Case_08_the_precise_host_table_of_the_managed_pods_leaves_the_dropped_Gateway_out()
    {
        var snapshot = ReadCase("08-strict-merging-universal.yaml");

        var table = HostTable.Of(WorkloadGateways.Merged(snapshot, LabelSet.Of(("gateway.networking.k8s.io/gateway-name", "web")), "store"));

        Assert.Equal(["443: shop.example.net"], Hosts(table));
    }

    [Fact]
    public void Case_09_the_precise_host_table_of_a_web_holds_only_a_webs_listeners()
    {
        var snapshot = ReadCase("09-gwapi-same-name-two-namespaces.yaml");

        var table = HostTable.Of(WorkloadGateways.Merged(snapshot, LabelSet.Of(("gateway.networking.k8s.io/gateway-name", "web")), "a"));

        Assert.Equal(["443: one.a.example", "443: two.a.example"], Hosts(table));
    }

    [Fact]
    public void Case_13b_merge_order_is_by_listener_name_and_the_index_stays_the_position()
    {
        var web = Assert.Single(ReadCase("13b-gwapi-http-listener-on-443.yaml").Gateways);

        Assert.Equal(["shop", "cart", "a-plain"], web.Servers.Select(s => s.Name));
        Assert.Equal(["a-plain", "cart", "shop"], web.Servers.Order(GatewayOrder.Instance).Select(s => s.Name));
        Assert.Equal([2, 1, 0], web.Servers.Order(GatewayOrder.Instance).Select(s => s.Index));
    }

    private static IReadOnlyList<string> Hosts(HostTable table) =>
        [.. table.Ports.SelectMany(p => p.Servers.Select(s => $"{p.Port}: {string.Join(" ", s.Hosts)}"))];

    private static ConfigSnapshot ReadCase(string file, string extra = "")
    {
        var bytes = File.ReadAllBytes(Path.Combine(Repo.Cases, "istiod", file));
        var builder = new SnapshotBuilder();
        foreach (var document in ManifestReader.Read(file, [.. bytes, .. Encoding.UTF8.GetBytes("\n" + extra)]))
        {
            builder.AddDocument(document, file);
        }
        return builder.Build();
    }

    private static string ListenerSet(string key, string parent, string[] listeners, string? parentNamespace = null)
    {
        var slash = key.IndexOf('/', StringComparison.Ordinal);
        var parentRef = parentNamespace is null ? $"{{name: {parent}}}" : $"{{name: {parent}, namespace: {parentNamespace}}}";
        var sb = new StringBuilder($"---\napiVersion: gateway.networking.k8s.io/v1\nkind: ListenerSet\nmetadata:\n  name: {key[(slash + 1)..]}\n  namespace: {key[..slash]}\n  creationTimestamp: \"2024-01-02T00:00:00Z\"\nspec:\n  parentRef: {parentRef}\n  listeners:\n");
        foreach (var listener in listeners)
        {
            sb.Append("  - ").Append(listener).Append('\n');
        }
        return sb.ToString();
    }

    private static string WithAllowed(string gateway, string from) =>
        gateway.Replace("spec:\n", $"  creationTimestamp: \"2024-01-01T00:00:00Z\"\nspec:\n  allowedListeners: {{namespaces: {{from: {from}}}}}\n", StringComparison.Ordinal);

    private static string StrictCase(string istioGateway, string selector, string addresses = "") =>
        Gateway(istioGateway, selector, [Simple(443, "legacy.example.net", "store-tls")], created: "2024-01-03T00:00:00Z")
        + GatewayApi("store/web", [Listener("https", 443, "shop.example.net", certificates: ["store-tls"])]).Replace("spec:\n", "  creationTimestamp: \"2024-01-01T00:00:00Z\"\nspec:\n" + addresses, StringComparison.Ordinal)
        + Pod("store/web-istio-1", "gateway.networking.k8s.io/gateway-name=web");
}
