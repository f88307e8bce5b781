using System.Text.Json.Nodes;
using IstioTls.Sources;

namespace IstioTls.IntegrationTests.Support;

/// <summary>
/// The test API server runs no controllers: this plays the Deployment controller for seeded
/// manifests, creating the pods a real cluster would have (template labels, a ReplicaSet owner
/// and its pod-template-hash), so that a live check sees the same workloads as a check on files.
/// </summary>
public static class DeploymentPods
{
    public static IEnumerable<JsonObject> For(string manifestPath, int replicas = 2)
    {
        var files = Directory.Exists(manifestPath)
            ? Directory.EnumerateFiles(manifestPath, "*.yaml", SearchOption.AllDirectories)
            : [manifestPath];
        foreach (var file in files)
        {
            foreach (var document in ManifestReader.Read(file, File.ReadAllBytes(file)))
            {
                if (document.Root is not JsonObject { } deployment || (string?)deployment["kind"] != "Deployment")
                {
                    continue;
                }
                var name = (string)deployment["metadata"]!["name"]!;
                var ns = (string?)deployment["metadata"]!["namespace"] ?? "default";
                const string hash = "5d8c7f9b6";
                for (var i = 0; i < replicas; i++)
                {
                    var labels = deployment["spec"]!["template"]!["metadata"]!["labels"]!.DeepClone().AsObject();
                    labels["pod-template-hash"] = hash;
                    yield return new JsonObject
                    {
                        ["apiVersion"] = "v1",
                        ["kind"] = "Pod",
                        ["metadata"] = new JsonObject
                        {
                            ["name"] = $"{name}-{hash}-{i}x{i}q",
                            ["namespace"] = ns,
                            ["labels"] = labels,
                            ["ownerReferences"] = new JsonArray(new JsonObject { ["apiVersion"] = "apps/v1", ["kind"] = "ReplicaSet", ["name"] = $"{name}-{hash}", ["uid"] = Guid.NewGuid().ToString(), ["controller"] = true }),
                        },
                        ["spec"] = new JsonObject { ["containers"] = new JsonArray(new JsonObject { ["name"] = "istio-proxy", ["image"] = "istio/proxyv2" }) },
                    };
                }
            }
        }
    }
}
