using System.Text.Json.Nodes;
using IstioTls.Plans;

namespace IstioTls.Tests.Merge;

/// <summary>Objects as a plan hands them out: every field as read, minus what the API server
/// manages; a backup also without resourceVersion.</summary>
public class ManifestObjectsTests
{
    private const string AsRead = """
        {"apiVersion": "networking.istio.io/v1", "kind": "Gateway",
         "metadata": {"name": "a", "namespace": "web", "uid": "1", "generation": 3, "creationTimestamp": "2024-01-01T00:00:00Z",
                      "selfLink": "/x", "deletionTimestamp": "2024-02-01T00:00:00Z", "deletionGracePeriodSeconds": 0,
                      "managedFields": [{"manager": "kubectl"}], "resourceVersion": "42", "labels": {"team": "web"},
                      "annotations": {"kubectl.kubernetes.io/last-applied-configuration": "{}", "owner": "web"}},
         "spec": {"servers": []}, "status": {"conditions": []}}
        """;

    private static JsonObject Object(string json) => JsonNode.Parse(json)!.AsObject();

    [Fact]
    public void For_apply_keeps_every_field_but_the_server_managed_ones()
    {
        var applied = ManifestObjects.ForApply(Object(AsRead), "other");

        Assert.Equal(
            """{"apiVersion":"networking.istio.io/v1","kind":"Gateway","metadata":{"name":"a","namespace":"web","resourceVersion":"42","labels":{"team":"web"},"annotations":{"owner":"web"}},"spec":{"servers":[]}}""",
            applied.ToJsonString());
    }

    [Fact]
    public void For_restore_also_drops_the_resourceVersion_and_leaves_the_read_object_alone()
    {
        var read = Object(AsRead);

        var restored = ManifestObjects.ForRestore(read, "web");

        Assert.Equal("""{"name":"a","namespace":"web","labels":{"team":"web"},"annotations":{"owner":"web"}}""", restored["metadata"]!.ToJsonString());
        Assert.Equal("42", ManifestObjects.ResourceVersion(read));
        Assert.NotNull(read["status"]);
    }

    [Fact]
    public void A_file_without_a_namespace_gets_the_one_the_analysis_used_and_lone_last_applied_annotations_go()
    {
        var applied = ManifestObjects.ForApply(Object("""{"kind": "Gateway", "metadata": {"name": "a", "annotations": {"kubectl.kubernetes.io/last-applied-configuration": "{}"}}}"""), "default");

        Assert.Equal("""{"kind":"Gateway","metadata":{"name":"a","namespace":"default"}}""", applied.ToJsonString());
    }

    [Fact]
    public void An_object_without_metadata_is_kept_as_it_is_without_status()
    {
        Assert.Equal("""{"kind":"Gateway"}""", ManifestObjects.ForApply(Object("""{"kind": "Gateway", "status": {}}"""), "web").ToJsonString());
    }

    [Theory]
    [InlineData("""{"metadata": {"resourceVersion": "7"}}""", "7")]
    [InlineData("""{"metadata": {"resourceVersion": 7}}""", null)]
    [InlineData("""{"metadata": {}}""", null)]
    [InlineData("""{}""", null)]
    public void The_resourceVersion_is_a_string_or_unknown(string json, string? expected)
    {
        Assert.Equal(expected, ManifestObjects.ResourceVersion(Object(json)));
    }

    [Fact]
    public void Setting_the_resourceVersion_to_null_removes_it()
    {
        var obj = Object("""{"metadata": {"name": "a", "resourceVersion": "7"}}""");

        ManifestObjects.SetResourceVersion(obj, "8");
        Assert.Equal("8", ManifestObjects.ResourceVersion(obj));
        ManifestObjects.SetResourceVersion(obj, null);
        Assert.Equal("""{"metadata":{"name":"a"}}""", obj.ToJsonString());
    }
}
