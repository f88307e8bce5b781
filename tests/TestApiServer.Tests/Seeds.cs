using System.Text.Json.Nodes;

namespace IstioTls.TestApiServer.Tests;

/// <summary>Objects the tests seed: the Istio example from the seed script's documentation, and builders.</summary>
public static class Seeds
{
    /// <summary>The seed script's example (tests/TestApiServer/fixtures/istio-example.yaml).</summary>
    public static string IstioExample { get; } = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "fixtures", "istio-example.yaml"));

    public const string GatewayApiExample = """
        apiVersion: gateway.networking.k8s.io/v1
        kind: Gateway
        metadata:
          name: api-gw
          namespace: istio-system
        spec:
          gatewayClassName: istio
          listeners:
          - name: https
            port: 443
            protocol: HTTPS
        """;

    public static JsonObject Gateway(string ns, string name, string credential = "cert", IReadOnlyDictionary<string, string>? labels = null, string apiVersion = "networking.istio.io/v1")
    {
        var meta = new JsonObject { ["name"] = name, ["namespace"] = ns };
        if (labels is not null)
        {
            meta["labels"] = new JsonObject([.. labels.Select(kv => KeyValuePair.Create(kv.Key, (JsonNode?)kv.Value))]);
        }
        return new JsonObject
        {
            ["apiVersion"] = apiVersion,
            ["kind"] = "Gateway",
            ["metadata"] = meta,
            ["spec"] = new JsonObject
            {
                ["selector"] = new JsonObject { ["istio"] = "ingressgateway" },
                ["servers"] = new JsonArray(new JsonObject
                {
                    ["hosts"] = new JsonArray($"{name}.example.com"),
                    ["port"] = new JsonObject { ["name"] = "https", ["number"] = 443, ["protocol"] = "HTTPS" },
                    ["tls"] = new JsonObject { ["mode"] = "SIMPLE", ["credentialName"] = credential },
                }),
            },
        };
    }

    public static TestApiServerOptions WithIstioExample(this TestApiServerOptions options)
    {
        foreach (var o in Manifests.Parse(IstioExample))
        {
            options.SeedObjects.Add(o);
        }
        return options;
    }
}
