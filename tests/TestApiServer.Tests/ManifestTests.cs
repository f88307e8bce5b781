using System.Text.Json.Nodes;

namespace IstioTls.TestApiServer.Tests;

public sealed class ManifestTests
{
    [Fact]
    public void MultiDocumentListsAndJson()
    {
        using var dir = new TempDir();
        dir.Write("a.yaml", """
            apiVersion: v1
            kind: Namespace
            metadata: {name: x}
            ---
            # an empty document is skipped
            ---
            apiVersion: v1
            kind: List
            items:
            - apiVersion: v1
              kind: ConfigMap
              metadata: {name: c, namespace: x}
              data: {port: "443", on: "yes", plain: 443, flag: true, nothing: null, float: 1.5}
            """);
        dir.Write("b.json", """{"apiVersion":"v1","kind":"List","items":[{"apiVersion":"v1","kind":"Namespace","metadata":{"name":"y"}}]}""");
        dir.Write("ignored.txt", "not a manifest");
        var objects = Manifests.Load(dir.Path);
        Assert.Equal(["x", "c", "y"], objects.Select(o => o.Str("metadata.name")));
        var data = objects[1]["data"]!;
        Assert.Equal("443", data["port"]!.GetValue<string>());
        Assert.Equal("yes", data["on"]!.GetValue<string>());
        Assert.Equal(443, data["plain"]!.GetValue<long>());
        Assert.True(data["flag"]!.GetValue<bool>());
        Assert.Null(data["nothing"]);
        Assert.Equal(1.5, data["float"]!.GetValue<double>());
    }

    [Theory]
    [InlineData("yes")]
    [InlineData("443")]
    [InlineData("1.5")]
    [InlineData("a: b")]
    [InlineData("")]
    [InlineData("*.example.com")]
    [InlineData("null")]
    [InlineData("- x")]
    [InlineData("multi\nline")]
    [InlineData("#comment")]
    [InlineData("trailing ")]
    public void EmittedYamlKeepsStringsStrings(string value)
    {
        var doc = new JsonObject { ["apiVersion"] = "v1", ["kind"] = "ConfigMap", ["data"] = new JsonObject { ["k"] = value }, ["list"] = new JsonArray(value, 1, new JsonObject { ["a"] = value }) };
        var back = Assert.Single(Manifests.Parse(Yaml.Emit([doc])));
        Assert.True(JsonNode.DeepEquals(doc, back), Yaml.Emit([doc]));
    }

    [Fact]
    public void StorePutAndMutateManageMetadata()
    {
        var store = new ObjectStore();
        var put = store.Put(Seeds.Gateway("s", "g"));
        Assert.Equal("1", put["metadata"]!["generation"]!.ToJsonString());
        var rv = put.Str("metadata.resourceVersion");
        var labelled = store.Mutate("networking.istio.io", "gateways", "s", "g", o => o["metadata"]!["labels"] = new JsonObject { ["a"] = "b" });
        Assert.Equal("1", labelled["metadata"]!["generation"]!.ToJsonString());
        Assert.NotEqual(rv, labelled.Str("metadata.resourceVersion"));
        var respec = store.Mutate("networking.istio.io", "gateways", "s", "g", o => o["spec"]!["selector"]!["istio"] = "x");
        Assert.Equal("2", respec["metadata"]!["generation"]!.ToJsonString());
        Assert.Equal(put.Str("metadata.uid"), respec.Str("metadata.uid"));
        Assert.NotNull(store.Get("", "namespaces", null, "s"));
        Assert.True(store.Delete("", "namespaces", null, "s"));
        Assert.Empty(store.List("networking.istio.io", "gateways"));
    }

    [Fact]
    public void SeedKeepsGivenCreationTimestampAndUid()
    {
        var store = new ObjectStore();
        var gw = Seeds.Gateway("s", "g");
        gw["metadata"]!["creationTimestamp"] = "2020-01-02T03:04:05Z";
        gw["metadata"]!["uid"] = "11111111-2222-3333-4444-555555555555";
        var put = store.Put(gw);
        Assert.Equal("2020-01-02T03:04:05Z", put.Str("metadata.creationTimestamp"));
        Assert.Equal("11111111-2222-3333-4444-555555555555", put.Str("metadata.uid"));
    }

    [Fact]
    public void PutManifestsAcceptsYamlAndJson()
    {
        var store = new ObjectStore();
        Assert.Equal(3, store.PutManifests(Seeds.IstioExample).Count);
        Assert.Single(store.PutManifests("""{"apiVersion":"v1","kind":"Namespace","metadata":{"name":"j"}}"""));
        Assert.Equal(2, store.Count("networking.istio.io", "gateways"));
        Assert.NotNull(store.Get("", "namespaces", null, "j"));
    }
}
