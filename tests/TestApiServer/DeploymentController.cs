using System.Text.Json.Nodes;

namespace IstioTls.TestApiServer;

/// <summary>
/// What the controllers of a real cluster leave behind, done once at start: for each seeded
/// Deployment, its pods (template labels with a pod-template-hash, owned by a ReplicaSet named
/// <c>&lt;deployment&gt;-&lt;hash&gt;</c>, Running and Ready, in the Deployment's namespace); for
/// each Gateway API Gateway without <c>spec.addresses</c>, the pods of the Deployment istiod makes
/// for it (<c>&lt;gateway&gt;-istio</c>, labelled <c>gateway.networking.k8s.io/gateway-name</c>).
/// Without them a live check would find no gateway pod behind any Gateway.
/// </summary>
public static class DeploymentController
{
    /// <summary>The same for every Deployment, so that pods put again under these names replace them.</summary>
    public const string TemplateHash = "5d8c7f9b6";

    /// <summary>The pods of <paramref name="deployments"/>: <c>spec.replicas</c> each (1 when
    /// unset, as Kubernetes defaults it), or <paramref name="replicas"/> when given.</summary>
    public static IEnumerable<JsonObject> PodsFor(IEnumerable<JsonObject> objects, int? replicas = null)
    {
        ArgumentNullException.ThrowIfNull(objects);
        var list = objects.ToList();
        return [.. list.Where(IsDeployment).Concat(list.Where(IsManagedGatewayApiGateway).Select(GatewayDeployment)).SelectMany(d => Pods(d, replicas))];
    }

    private static bool IsDeployment(JsonObject obj) => Json.String(obj, "kind") == "Deployment";

    private static bool IsManagedGatewayApiGateway(JsonObject obj) =>
        Json.String(obj, "kind") == "Gateway"
        && (Json.String(obj, "apiVersion") ?? "").StartsWith("gateway.networking.k8s.io/", StringComparison.Ordinal)
        && obj["spec"]?["addresses"] is not JsonArray { Count: > 0 };

    /// <summary>The Deployment istiod creates for a Gateway API Gateway it manages.</summary>
    private static JsonObject GatewayDeployment(JsonObject gateway)
    {
        var name = Json.MetaString(gateway, "name")!;
        return new JsonObject
        {
            ["kind"] = "Deployment",
            ["metadata"] = new JsonObject { ["name"] = $"{name}-istio", ["namespace"] = Json.MetaString(gateway, "namespace") ?? "default" },
            ["spec"] = new JsonObject
            {
                ["template"] = new JsonObject
                {
                    ["metadata"] = new JsonObject { ["labels"] = new JsonObject { ["gateway.networking.k8s.io/gateway-name"] = name, ["istio.io/gateway-name"] = name } },
                },
            },
        };
    }

    private static IEnumerable<JsonObject> Pods(JsonObject deployment, int? replicas)
    {
        var name = Json.MetaString(deployment, "name")!;
        var ns = Json.MetaString(deployment, "namespace") ?? "default";
        var count = replicas ?? (deployment["spec"]?["replicas"] is JsonValue r && r.TryGetValue<int>(out var n) ? n : 1);
        for (var i = 0; i < count; i++)
        {
            var labels = deployment["spec"]?["template"]?["metadata"]?["labels"]?.DeepClone().AsObject() ?? [];
            labels["pod-template-hash"] = TemplateHash;
            yield return new JsonObject
            {
                ["apiVersion"] = "v1",
                ["kind"] = "Pod",
                ["metadata"] = new JsonObject
                {
                    ["name"] = $"{name}-{TemplateHash}-{i}x{i}q",
                    ["namespace"] = ns,
                    ["labels"] = labels,
                    ["ownerReferences"] = new JsonArray(new JsonObject { ["apiVersion"] = "apps/v1", ["kind"] = "ReplicaSet", ["name"] = $"{name}-{TemplateHash}", ["uid"] = Guid.NewGuid().ToString(), ["controller"] = true }),
                },
                ["spec"] = new JsonObject { ["containers"] = new JsonArray(new JsonObject { ["name"] = "istio-proxy", ["image"] = "istio/proxyv2" }) },
                ["status"] = new JsonObject
                {
                    ["phase"] = "Running",
                    ["conditions"] = new JsonArray(new JsonObject { ["type"] = "Ready", ["status"] = "True" }),
                },
            };
        }
    }
}
