using System.Text;
using System.Text.Json.Nodes;
using CsCheck;
using IstioTls.Documents;
using IstioTls.Sources;

namespace IstioTls.Tests;

/// <summary>The YAML writer and reader agree: any JSON document written as YAML reads back equal,
/// whatever strings it holds (ones that look like numbers, booleans, nulls, multi-line Lua).</summary>
public class DocumentProperties
{
    private static readonly Gen<string> Text = Gen.OneOf(
        Gen.OneOf("", "yes", "no", "on", "off", "y", "n", "true", "null", "~", "443", "0x1F", "0o17", "1e3", ".inf", "-", "- x", "a: b", "#c", "&a", "*a", "!tag", "'q'", "\"dq\"", "[x]", "{x}", "x, y", "%", "@", "`", "tab\there", "line\nbreak", "trailing \nspace", "end\n", "\n\nlead", "ünïcödé", "kubernetes://cert", "*.example.com"),
        Gen.String[Gen.Char["a-z0-9 .:-_/*\n"], 0, 20]);

    private static readonly Gen<JsonNode?> Leaf = Gen.OneOf(
        Text.Select(s => (JsonNode?)JsonValue.Create(s)),
        Gen.Long.Select(l => (JsonNode?)JsonValue.Create(l)),
        Gen.Bool.Select(b => (JsonNode?)JsonValue.Create(b)),
        Gen.Const((JsonNode?)null));

    private static Gen<JsonNode?> Node(int depth) => depth == 0
        ? Leaf
        : Gen.Frequency(
            (3, Leaf),
            (1, Node(depth - 1).Array[0, 4].Select(items => (JsonNode?)new JsonArray([.. items]))),
            // Keys are single-line: Kubernetes field names and label keys never hold a line break,
            // and YamlDotNet cannot read back the explicit "? key" form it writes for them.
            (1, Gen.Select(Text.Where(t => !t.Contains('\n', StringComparison.Ordinal)).Array[0, 4], Node(depth - 1).Array[4], (keys, values) =>
            {
                var map = new JsonObject();
                foreach (var (key, value) in keys.Distinct().Zip(values))
                {
                    map[key] = value;
                }
                return (JsonNode?)map;
            })));

    /// <summary>Documents of any shape, for the readers' and writer's properties.</summary>
    public static Gen<JsonNode?> Documents => Node(3);

    [Fact]
    public void Yaml_round_trips_every_document()
    {
        Node(3).Sample(document =>
        {
            var yaml = new StringWriter();
            YamlDocumentWriter.Write(yaml, document);

            JsonNode? read;
            try
            {
                read = Assert.Single(ManifestReader.Read("round-trip.yaml", Encoding.UTF8.GetBytes(yaml.ToString()))).Root;
            }
            catch (DocumentException e)
            {
                throw new Xunit.Sdk.XunitException($"{e.Message}\nwrote:\n{yaml}");
            }
            Assert.True(JsonNode.DeepEquals(document, read), $"wrote:\n{yaml}\nread back: {read?.ToJsonString()}\nexpected: {document?.ToJsonString()}");
        }, iter: 1000);
    }
}
