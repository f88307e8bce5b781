using System.Text;
using System.Text.Json.Nodes;
using IstioTls.Sources;

namespace IstioTls.Tests;

/// <summary>YAML read the way kubectl reads it (go-yaml v2: YAML 1.1 scalars, merge keys).</summary>
public class YamlReaderTests
{
    [Theory]
    [InlineData("v: 443", "443")]
    [InlineData("v: \"443\"", "\"443\"")]
    [InlineData("v: yes", "true")]
    [InlineData("v: off", "false")]
    [InlineData("v: ~", "null")]
    [InlineData("v:", "null")]
    [InlineData("v: 0x1F", "31")]
    [InlineData("v: 1.5", "1.5")]
    [InlineData("v: !!str 443", "\"443\"")]
    [InlineData("v: '*.example.com'", "\"*.example.com\"")]
    [InlineData("v: kubernetes://testhl", "\"kubernetes://testhl\"")]
    [InlineData("v: |\n  line one\n  line two\n", "\"line one\\nline two\\n\"")]
    public void Scalars_resolve_as_kubectl_resolves_them(string yaml, string json)
    {
        var root = Read(yaml).Single().Root!;

        Assert.Equal(json, root["v"]?.ToJsonString() ?? "null");
    }

    [Fact]
    public void Merge_keys_add_missing_entries()
    {
        var root = Read("base: &base {mode: SIMPLE, credentialName: a}\ntls:\n  <<: *base\n  credentialName: b\n").Single().Root!;

        Assert.Equal("{\"mode\":\"SIMPLE\",\"credentialName\":\"b\"}", root["tls"]!.ToJsonString());
    }

    [Fact]
    public void Documents_and_list_items_know_their_lines()
    {
        var documents = Read("# first\napiVersion: v1\nkind: Pod\n---\napiVersion: v1\nkind: List\nitems:\n- kind: A\n- kind: B\n");

        Assert.Equal([2, 4], documents.Select(d => d.Line));
        var items = documents[1].Root!["items"]!.AsArray();
        Assert.Equal(8, documents[1].LineOf(items[0]!));
        Assert.Equal(9, documents[1].LineOf(items[1]!));
    }

    [Fact]
    public void Json_documents_in_a_row_are_read_one_by_one()
    {
        var documents = ManifestReader.Read("x.json", Encoding.UTF8.GetBytes("{\"kind\": \"A\"}\n{\"kind\": \"B\"}\n"));

        Assert.Equal(["A", "B"], documents.Select(d => (string)d.Root!["kind"]!));
        Assert.Equal([1, 2], documents.Select(d => d.Line));
    }

    private static IReadOnlyList<IstioTls.Documents.ParsedDocument> Read(string yaml) =>
        ManifestReader.Read("test.yaml", Encoding.UTF8.GetBytes(yaml));
}
