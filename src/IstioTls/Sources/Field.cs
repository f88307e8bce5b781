using System.Text.Json.Nodes;
using IstioTls.Documents;
using IstioTls.Model;

namespace IstioTls.Sources;

/// <summary>
/// A field of a manifest with its path (<c>spec.servers[0].port.number</c>), so that a value of
/// the wrong type is reported where it is. Missing fields read as absent; fields of the wrong
/// type throw <see cref="DecodeException"/>.
/// </summary>
internal readonly struct Field(JsonNode? node, FieldPath? at)
{
    public JsonNode? Node { get; } = node;

    /// <summary>Written out only for an error: reading thousands of objects builds no strings.</summary>
    public string Path => at?.ToString() ?? "";

    public bool IsMissing => Node is null;

    public static Field Root(JsonObject obj) => new(obj, null);

    public Field this[string key]
    {
        get
        {
            var child = new FieldPath(at, key, -1);
            return Node switch
            {
                null => new Field(null, child),
                JsonObject map => new Field(map[key], child),
                _ => throw Wrong("a map"),
            };
        }
    }

    public IEnumerable<Field> Items()
    {
        switch (Node)
        {
            case null:
                yield break;
            case JsonArray list:
                for (var i = 0; i < list.Count; i++)
                {
                    yield return new Field(list[i], new FieldPath(at, null, i));
                }
                break;
            default:
                throw Wrong("a list");
        }
    }

    public JsonObject? AsMap() => Node switch
    {
        null => null,
        JsonObject map => map,
        _ => throw Wrong("a map"),
    };

    public string? AsString()
    {
        if (Node is null)
        {
            return null;
        }
        return JsonNodes.TryGetString(Node, out var text) ? text : throw Wrong("a string");
    }

    public string RequiredString() => AsString() ?? throw new DecodeException(Path, "is required");

    public long? AsInteger()
    {
        if (Node is null)
        {
            return null;
        }
        return JsonNodes.TryGetInteger(Node, out var value) ? value : throw Wrong("a number");
    }

    /// <summary>A port number (1-65535); null when missing. One out of range is named as it was
    /// written (<c>1e23</c>, <c>70000</c>), not as .NET would print the value.</summary>
    public int? AsPort()
    {
        if (Node is JsonValue value && value.GetValueKind() == System.Text.Json.JsonValueKind.Number
            && !(JsonNodes.TryGetInteger(value, out var whole) && whole is >= 1 and <= 65535))
        {
            throw new DecodeException(Path, $"{value.ToJsonString()} is not a port number (1-65535)");
        }
        return (int?)AsInteger();
    }

    public bool AsBool() => Node switch
    {
        null => false,
        JsonValue v when v.GetValueKind() == System.Text.Json.JsonValueKind.True => true,
        JsonValue v when v.GetValueKind() == System.Text.Json.JsonValueKind.False => false,
        _ => throw Wrong("true or false"),
    };

    public IReadOnlyList<string> AsStringList()
    {
        if (Node is null)
        {
            return [];
        }
        var result = new List<string>();
        foreach (var item in Items())
        {
            result.Add(item.AsString() ?? throw item.Wrong("a string"));
        }
        return result;
    }

    /// <summary>Labels and selectors: string values; scalars of other types are read as their text,
    /// as kubectl would after YAML turned <c>"true"</c> into a boolean.</summary>
    public LabelSet AsLabelSet()
    {
        var map = AsMap();
        if (map is null || map.Count == 0)
        {
            return LabelSet.Empty;
        }
        var pairs = new List<KeyValuePair<string, string>>(map.Count);
        foreach (var (key, value) in map)
        {
            var text = JsonNodes.ScalarText(value) ?? throw this[key].Wrong("a string");
            pairs.Add(KeyValuePair.Create(key, text));
        }
        return LabelSet.From(pairs);
    }

    public IReadOnlyDictionary<string, string> AsStringMap()
    {
        var map = AsMap();
        if (map is null || map.Count == 0)
        {
            return EmptyMap;
        }
        var result = new Dictionary<string, string>(map.Count, StringComparer.Ordinal);
        foreach (var (key, value) in map)
        {
            result[key] = JsonNodes.ScalarText(value) ?? throw this[key].Wrong("a string");
        }
        return result;
    }

    public DecodeException Wrong(string expected) =>
        new(Path, $"expected {expected}, got {JsonNodes.Describe(Node)}");

    private static readonly IReadOnlyDictionary<string, string> EmptyMap = new Dictionary<string, string>();
}

/// <summary>Where a <see cref="Field"/> is, as a chain to its parent: <c>spec.servers[0].port</c>.</summary>
internal sealed class FieldPath(FieldPath? parent, string? key, int index)
{
    public override string ToString()
    {
        var text = new System.Text.StringBuilder();
        Append(text);
        return text.ToString();
    }

    private void Append(System.Text.StringBuilder text)
    {
        parent?.Append(text);
        if (key is null)
        {
            text.Append('[').Append(index).Append(']');
        }
        else
        {
            if (text.Length > 0)
            {
                text.Append('.');
            }
            text.Append(key);
        }
    }
}
