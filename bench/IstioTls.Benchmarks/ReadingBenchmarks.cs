using BenchmarkDotNet.Attributes;
using IstioTls.Model;
using IstioTls.Sources;

namespace IstioTls.Benchmarks;

/// <summary>From bytes to the model: YAML manifests (the offline path) and a JSON list (what a
/// list call or `kubectl get -o json` gives).</summary>
[MemoryDiagnoser]
public class ReadingBenchmarks
{
    private byte[] _yaml = [];
    private byte[] _json = [];

    [Params(1000, 5000)]
    public int Gateways { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var cluster = GeneratedInput.Cluster(Gateways);
        _yaml = GeneratedInput.Yaml(cluster);
        _json = GeneratedInput.JsonList(cluster, "Gateway");
    }

    [Benchmark]
    public ConfigSnapshot Yaml_manifests_to_model() => Snapshot(_yaml, "manifests.yaml");

    [Benchmark]
    public ConfigSnapshot Json_list_to_model() => Snapshot(_json, "gateways.json");

    private static ConfigSnapshot Snapshot(byte[] bytes, string origin)
    {
        var builder = new SnapshotBuilder();
        foreach (var document in ManifestReader.Read(origin, bytes))
        {
            builder.AddDocument(document, origin);
        }
        return builder.Build();
    }
}
