using System.Text.Json.Nodes;
using IstioTls.Sources;

namespace IstioTls.IntegrationTests.Support;

/// <summary>
/// The pods a real cluster would have for the Deployments in manifests (template labels, a
/// ReplicaSet owner and its pod-template-hash), for tests that put Deployments after the test
/// API server started (its controller makes them only for what it was seeded with).
/// </summary>
public static class DeploymentPods
{
    public static IEnumerable<JsonObject> For(string manifestPath, int replicas = 2)
    {
        var files = Directory.Exists(manifestPath)
            ? Directory.EnumerateFiles(manifestPath, "*.yaml", SearchOption.AllDirectories)
            : [manifestPath];
        return files.SelectMany(file => For(ManifestReader.Read(file, File.ReadAllBytes(file)).Select(d => d.Root).OfType<JsonObject>(), replicas));
    }

    public static IEnumerable<JsonObject> For(IEnumerable<JsonObject> objects, int replicas = 2) =>
        TestApiServer.DeploymentController.PodsFor(objects, replicas);
}
