using System.Text.Json.Nodes;

namespace IstioTls.Documents;

/// <summary>One document of a manifest stream, with the line it starts on, and the lines of the
/// items of a <c>List</c> so that warnings can point at them.</summary>
public sealed class ParsedDocument(JsonNode? root, int? line, IReadOnlyDictionary<JsonNode, int>? itemLines = null)
{
    public JsonNode? Root { get; } = root;

    public int? Line { get; } = line;

    public int? LineOf(JsonNode node) =>
        itemLines is not null && itemLines.TryGetValue(node, out var itemLine) ? itemLine : null;
}
