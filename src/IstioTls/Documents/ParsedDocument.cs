using System.Text.Json.Nodes;

namespace IstioTls.Documents;

/// <summary>One document of a manifest stream, with the line it starts on, and the lines of the
/// objects that are items of a list near the root: the items of a <c>List</c>, so that warnings
/// can point at them, and the entries of an object's lists (a Gateway's <c>spec.servers</c>),
/// so that reports can point at a server.</summary>
public sealed class ParsedDocument(JsonNode? root, int? line, IReadOnlyDictionary<JsonNode, int>? itemLines = null)
{
    /// <summary>The deepest sequence whose object items get a line: the root is depth 1, a
    /// List's <c>items</c> 2, an object's <c>spec.servers</c> 3, and inside a List 5. Deeper
    /// lists (routes, matches) are not pointed at, and would only cost memory.</summary>
    private const int ItemLinesDepth = 5;

    public JsonNode? Root { get; } = root;

    public int? Line { get; } = line;

    public int? LineOf(JsonNode node) =>
        itemLines is not null && itemLines.TryGetValue(node, out var itemLine) ? itemLine : null;

    /// <summary>The readers keep the line of an object item of a sequence at this depth.</summary>
    internal static bool KeepsItemLines(int sequenceDepth) => sequenceDepth <= ItemLinesDepth;
}
