using System.Text;
using System.Text.Json.Nodes;
using IstioTls.TestApiServer;

namespace IstioTls.Benchmarks;

/// <summary>The benchmarks' input: the harness's generator, as YAML manifests and as the JSON list
/// `kubectl get gateways -A -o json` prints.</summary>
public static class GeneratedInput
{
    public static GeneratedCluster Cluster(int gateways) =>
        ClusterGenerator.Generate(new ClusterGeneratorOptions { Gateways = gateways, Seed = 42 });

    public static byte[] Yaml(GeneratedCluster cluster)
    {
        var directory = Directory.CreateTempSubdirectory("istio-tls-benchmarks-").FullName;
        try
        {
            return Encoding.UTF8.GetBytes(string.Join("---\n", cluster.WriteManifests(directory).Select(File.ReadAllText)));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    public static byte[] JsonList(GeneratedCluster cluster, string kind)
    {
        var items = new JsonArray([.. cluster.OfKind(kind).Select(o => (JsonNode)o.DeepClone())]);
        var list = new JsonObject { ["apiVersion"] = "v1", ["kind"] = "List", ["items"] = items };
        return Encoding.UTF8.GetBytes(list.ToJsonString());
    }
}
