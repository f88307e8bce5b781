using System.Text.Json.Nodes;
using IstioTls.Analysis.Misdirected;
using IstioTls.Model;
using IstioTls.Plans.Misdirected;

namespace IstioTls.Tests.Support;

/// <summary>Gateways and generated filters shared by the apply-421 tests.</summary>
public static class MisdirectedFixtures
{
    public const string Ingress = "istio=ingressgateway";

    /// <summary>
    /// Seven servers on port 443 of one workload, all with one certificate: two hosts of one
    /// server, a wildcard server, hosts with the characters Lua patterns treat specially, and a
    /// host crafted to break out of a Lua string (as JSON, so that any character survives).
    /// </summary>
    public static string Servers(params string[] craftedHosts) =>
        GatewayJson("web/site", ["example.com", "www.example.com"])
        + GatewayJson("web/shop", ["shop.example.org"])
        + GatewayJson("web/wild", ["*.wild.test"])
        + GatewayJson("web/dash", ["a-b.dash.test", "50%.pct.test"])
        + GatewayJson("web/dots", ["b.dash.test", "xay.z", "50x.pct.test"])
        + GatewayJson("web/xyz", ["x.y.z"])
        + (craftedHosts.Length == 0 ? "" : GatewayJson("web/crafted", craftedHosts));

    /// <summary>A Gateway as JSON: one SIMPLE server on port 443 with Secret "shared".</summary>
    public static string GatewayJson(string key, IReadOnlyList<string> hosts, string selector = Ingress, int port = 443, string mode = "SIMPLE")
    {
        var slash = key.IndexOf('/', StringComparison.Ordinal);
        var hostArray = new JsonArray();
        foreach (var host in hosts)
        {
            hostArray.Add((JsonNode)JsonValue.Create(host));
        }
        var labels = new JsonObject();
        foreach (var pair in selector.Split(',', StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = pair.IndexOf('=', StringComparison.Ordinal);
            labels[pair[..eq]] = pair[(eq + 1)..];
        }
        var gateway = new JsonObject
        {
            ["apiVersion"] = "networking.istio.io/v1",
            ["kind"] = "Gateway",
            ["metadata"] = new JsonObject { ["name"] = key[(slash + 1)..], ["namespace"] = key[..slash] },
            ["spec"] = new JsonObject
            {
                ["selector"] = labels,
                ["servers"] = new JsonArray(new JsonObject
                {
                    ["port"] = new JsonObject { ["number"] = port, ["name"] = $"https-{key[(slash + 1)..]}", ["protocol"] = mode == "PASSTHROUGH" ? "TLS" : "HTTPS" },
                    ["hosts"] = hostArray,
                    ["tls"] = new JsonObject { ["mode"] = mode, ["credentialName"] = "shared" },
                }),
            },
        };
        return gateway.ToJsonString() + "\n";
    }

    /// <summary>The plan, as <c>apply-421</c> makes it. Precise mode needs the port Envoy
    /// listens on; tests that are not about it give every Gateway port as written, as
    /// <c>--target-port 443=443</c> would (<see cref="PlanAsGiven"/> gives nothing).</summary>
    public static Apply421Plan Plan(string manifests, Apply421Options? options = null)
    {
        var snapshot = Manifests.Snapshot(manifests, "test.json");
        options ??= new Apply421Options();
        if (options.Mode == MisdirectedMode.Precise && options.TargetPorts.Count == 0)
        {
            options = options with
            {
                TargetPorts = snapshot.Gateways.SelectMany(g => g.Servers).Select(s => s.Port.Number).Distinct().ToDictionary(p => p, p => p),
            };
        }
        return Apply421Planner.Plan(snapshot, options);
    }

    public static Apply421Plan PlanAsGiven(string manifests, Apply421Options options) =>
        Apply421Planner.Plan(Manifests.Snapshot(manifests, "test.json"), options);

    /// <summary>The Lua of the single filter planned for the manifests (precise: of its only port).</summary>
    public static string Lua(string manifests, MisdirectedMode mode)
    {
        var plan = Plan(manifests, new Apply421Options { Mode = mode, All = true });
        var filter = Assert.Single(plan.Filters);
        var patch = Assert.Single(filter.Object["spec"]!["configPatches"]!.AsArray())!;
        return (string)patch["patch"]!["value"]!["typed_config"]!["default_source_code"]!["inline_string"]!;
    }

    public static IReadOnlyList<JsonObject> Patches(JsonObject filter) =>
        [.. filter["spec"]!["configPatches"]!.AsArray().Select(p => p!.AsObject())];

    public static LabelSet LabelsOf(string selector) =>
        IstioTls.CommandLine.Apply421Arguments.Selector(selector);
}
