using System.Text.Json;
using System.Text.Json.Nodes;
using IstioTls.Documents;

namespace IstioTls.Sources;

/// <summary>The lines of the object items of arrays near the root of one JSON value, as the YAML
/// readers keep them (a List's items, a Gateway's servers). System.Text.Json's nodes carry no
/// positions, so the value's tokens are read a second time and matched to the nodes in order.</summary>
internal static class JsonItemLines
{
    /// <param name="scan">A copy of the reader taken before the value was parsed.</param>
    public static Dictionary<JsonNode, int>? Of(JsonNode? root, Utf8JsonReader scan, LineCounter lines)
    {
        var found = new List<int>();
        var inArray = new Stack<bool>();
        var startDepth = scan.CurrentDepth;
        do
        {
            switch (scan.TokenType)
            {
                case JsonTokenType.StartObject:
                    if (inArray.Count > 0 && inArray.Peek() && ParsedDocument.KeepsItemLines(scan.CurrentDepth - startDepth))
                    {
                        found.Add(lines.LineAt((int)scan.TokenStartIndex));
                    }
                    inArray.Push(false);
                    break;
                case JsonTokenType.StartArray:
                    inArray.Push(true);
                    break;
                case JsonTokenType.EndObject or JsonTokenType.EndArray:
                    inArray.Pop();
                    break;
            }
        }
        while (inArray.Count > 0 && scan.Read());
        if (found.Count == 0)
        {
            return null;
        }
        var items = new List<JsonNode>(found.Count);
        Collect(root, depth: 1, items);
        // A value the nodes read differently (duplicate keys) gets no item lines rather than wrong ones.
        if (items.Count != found.Count)
        {
            return null;
        }
        var itemLines = new Dictionary<JsonNode, int>(items.Count, ReferenceEqualityComparer.Instance);
        for (var i = 0; i < items.Count; i++)
        {
            itemLines[items[i]] = found[i];
        }
        return itemLines;
    }

    private static void Collect(JsonNode? node, int depth, List<JsonNode> items)
    {
        if (!ParsedDocument.KeepsItemLines(depth))
        {
            return;
        }
        switch (node)
        {
            case JsonArray array:
                foreach (var item in array)
                {
                    if (item is JsonObject)
                    {
                        items.Add(item);
                    }
                    Collect(item, depth + 1, items);
                }
                break;
            case JsonObject map:
                foreach (var (_, value) in map)
                {
                    Collect(value, depth + 1, items);
                }
                break;
        }
    }
}
