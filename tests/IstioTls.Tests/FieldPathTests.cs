using System.Text.Json.Nodes;
using IstioTls.Sources;

namespace IstioTls.Tests;

/// <summary>A field names where it is only when a value is wrong: worked out from the tree for
/// fields present, and from the keys kept for fields missing, down any depth below a missing one.</summary>
public class FieldPathTests
{
    private const string Document = """{"spec": {"servers": [{"port": {"number": "https"}}, null, {"hosts": "a"}], "selector": []}}""";

    public static TheoryData<string, string> Paths => new()
    {
        { "spec.servers[0].port.number", "spec.servers[0].port.number" },
        { "spec.servers[0].port.name", "spec.servers[0].port.name" },
        { "spec.servers[1].port", "spec.servers[1].port" },
        { "spec.servers[1].port.number", "spec.servers[1].port.number" },
        { "spec.servers[2].tls.mode", "spec.servers[2].tls.mode" },
        { "status.loadBalancer.ingress", "status.loadBalancer.ingress" },
        { "spec", "spec" },
        { "", "" },
    };

    [Theory]
    [MemberData(nameof(Paths))]
    public void A_field_names_its_path(string walk, string expected)
    {
        Assert.Equal(expected, Walk(Field.Root(JsonNode.Parse(Document)!.AsObject()), walk).Path);
    }

    [Fact]
    public void An_item_of_a_list_document_is_named_from_its_own_root()
    {
        var list = JsonNode.Parse($$"""{"kind": "List", "items": [{}, {{Document}}]}""")!.AsObject();

        var item = Field.Root(list["items"]![1]!.AsObject());

        Assert.Equal("spec.servers[0].port.number", Walk(item, "spec.servers[0].port.number").Path);
        Assert.Equal("metadata.name", Walk(item, "metadata.name").Path);
    }

    [Theory]
    [InlineData("spec.servers[0].port.number", "AsInteger", "spec.servers[0].port.number: expected a number, got \"https\"")]
    [InlineData("spec.servers[2].hosts", "AsStringList", "spec.servers[2].hosts: expected a list, got \"a\"")]
    [InlineData("spec.selector", "AsLabelSet", "spec.selector: expected a map, got a list")]
    [InlineData("spec.servers[1].port.number", "RequiredString", "spec.servers[1].port.number: is required")]
    public void A_wrong_value_is_reported_where_it_is(string walk, string read, string expected)
    {
        var field = Walk(Field.Root(JsonNode.Parse(Document)!.AsObject()), walk);

        var error = Assert.Throws<DecodeException>(() => _ = read switch
        {
            "AsInteger" => (object?)field.AsInteger(),
            "AsStringList" => field.AsStringList(),
            "AsLabelSet" => field.AsLabelSet(),
            _ => field.RequiredString(),
        });
        Assert.Equal(expected, error.Message);
    }

    // "a.b[2].c": keys and list indexes, as decoders walk them.
    private static Field Walk(Field field, string path)
    {
        foreach (var part in path.Split('.', StringSplitOptions.RemoveEmptyEntries))
        {
            var bracket = part.IndexOf('[', StringComparison.Ordinal);
            field = field[bracket < 0 ? part : part[..bracket]];
            if (bracket >= 0)
            {
                field = field.Items().ElementAt(int.Parse(part[(bracket + 1)..^1], System.Globalization.CultureInfo.InvariantCulture));
            }
        }
        return field;
    }
}
