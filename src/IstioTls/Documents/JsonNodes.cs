using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace IstioTls.Documents;

/// <summary>Reading typed values out of JSON nodes that came from YAML or JSON, where numbers may
/// be stored as long, double or a JsonElement.</summary>
public static class JsonNodes
{
    public static bool TryGetInteger(JsonNode? node, out long value)
    {
        value = 0;
        if (node is not JsonValue json || json.GetValueKind() != JsonValueKind.Number)
        {
            return false;
        }
        if (json.TryGetValue(out long l))
        {
            value = l;
            return true;
        }
        if (json.TryGetValue(out int i))
        {
            value = i;
            return true;
        }
        if (json.TryGetValue(out JsonElement element) && element.TryGetInt64(out value))
        {
            return true;
        }
        // 443.0 is the port 443: kubectl turns a whole YAML float into an integer, and protobuf
        // JSON takes a whole number in any spelling.
        if (json.TryGetValue(out double d) && Math.Floor(d) == d && d is >= long.MinValue and <= long.MaxValue)
        {
            value = (long)d;
            return true;
        }
        return false;
    }

    public static bool TryGetString(JsonNode? node, [NotNullWhen(true)] out string? value)
    {
        if (node is JsonValue json && json.GetValueKind() == JsonValueKind.String)
        {
            value = json.GetValue<string>();
            return true;
        }
        value = null;
        return false;
    }

    /// <summary>The string at a path of keys, or null when any step is missing or of another
    /// type: objects from a server or a file may have any shape, and JsonNode's indexers and
    /// casts throw on a wrong one.</summary>
    public static string? StringAt(JsonNode? node, params ReadOnlySpan<string> path)
    {
        foreach (var key in path)
        {
            node = node is JsonObject map ? map[key] : null;
        }
        return TryGetString(node, out var value) ? value : null;
    }

    /// <summary>Scalars as kubectl would print them in a label value; null for maps and lists.</summary>
    public static string? ScalarText(JsonNode? node) => node switch
    {
        JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>(),
        JsonValue v when v.GetValueKind() is JsonValueKind.True => "true",
        JsonValue v when v.GetValueKind() is JsonValueKind.False => "false",
        JsonValue v when v.GetValueKind() is JsonValueKind.Number => v.ToJsonString(),
        _ => null,
    };

    public static string Describe(JsonNode? node) => node switch
    {
        null => "null",
        JsonObject => "a map",
        JsonArray => "a list",
        JsonValue v when v.GetValueKind() == JsonValueKind.String => $"\"{v.GetValue<string>()}\"",
        _ => node.ToJsonString(),
    };

    public static string Invariant(long value) => value.ToString(CultureInfo.InvariantCulture);
}
