using System.Text.Json.Nodes;
using IstioTls.Documents;
using IstioTls.Model;

namespace IstioTls.Sources;

/// <summary>
/// A field of a manifest with its path (<c>spec.servers[0].port.number</c>), so that a value of
/// the wrong type is reported where it is. Missing fields read as absent; fields of the wrong
/// type throw <see cref="DecodeException"/>.
/// </summary>
/// <remarks>
/// The path is worked out only for an error, from the tree's parent links: a path object made
/// for every field read was 9% of what reading manifests allocated (10,000 Gateways).
/// A missing field remembers the last node present above it and its own key; only a field
/// below a missing one keeps a chain of the missing keys between.
/// </remarks>
internal readonly struct Field
{
    private readonly JsonNode? _root;
    private readonly JsonNode? _anchor;
    private readonly MissingStep? _between;
    private readonly string? _key;
    private readonly int _index;

    private Field(JsonNode? node, JsonNode? root, JsonNode? anchor, MissingStep? between, string? key, int index)
    {
        Node = node;
        _root = root;
        _anchor = anchor;
        _between = between;
        _key = key;
        _index = index;
    }

    public JsonNode? Node { get; }

    /// <summary>Written out only for an error: reading thousands of objects builds no strings.</summary>
    public string Path
    {
        get
        {
            var steps = new List<(string? Key, int Index)>();
            if (Node is null)
            {
                steps.Add((_key, _index));
                for (var step = _between; step is not null; step = step.Parent)
                {
                    steps.Add((step.Key, step.Index));
                }
            }
            for (var node = Node ?? _anchor; node is not null && node != _root && node.Parent is { } parent; node = parent)
            {
                steps.Add(parent is JsonArray ? (null, node.GetElementIndex()) : (node.GetPropertyName(), -1));
            }
            var text = new System.Text.StringBuilder();
            for (var i = steps.Count - 1; i >= 0; i--)
            {
                if (steps[i].Key is { } key)
                {
                    text.Append(text.Length > 0 ? "." : "").Append(key);
                }
                else
                {
                    text.Append('[').Append(steps[i].Index).Append(']');
                }
            }
            return text.ToString();
        }
    }

    public bool IsMissing => Node is null;

    public static Field Root(JsonObject obj) => new(obj, obj, null, null, null, -1);

    public Field this[string key] => Node switch
    {
        null => Child(null, key, -1),
        JsonObject map => Child(map[key], key, -1),
        _ => throw Wrong("a map"),
    };

    private Field Child(JsonNode? child, string? key, int index) =>
        child is not null ? new Field(child, _root, null, null, null, -1)
        : Node is not null ? new Field(null, _root, Node, null, key, index)
        : new Field(null, _root, _anchor, new MissingStep(_between, _key, _index), key, index);

    /// <summary>The items of a list; none when missing.</summary>
    public Items Items() => Node switch
    {
        null => default,
        JsonArray list => new Items(this, list),
        _ => throw Wrong("a list"),
    };

    /// <summary>An item of the list <paramref name="list"/> (this field's node).</summary>
    internal Field ItemAt(JsonArray list, int index) => Child(list[index], null, index);

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
        for (var i = 0; i < map.Count; i++)
        {
            var (key, value) = map.GetAt(i);
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
        for (var i = 0; i < map.Count; i++)
        {
            var (key, value) = map.GetAt(i);
            result[key] = JsonNodes.ScalarText(value) ?? throw this[key].Wrong("a string");
        }
        return result;
    }

    public DecodeException Wrong(string expected) =>
        new(Path, $"expected {expected}, got {JsonNodes.Describe(Node)}");

    private static readonly IReadOnlyDictionary<string, string> EmptyMap = new Dictionary<string, string>();
}

/// <summary>A missing key or index above a missing field, up to the last node present.</summary>
internal sealed class MissingStep(MissingStep? parent, string? key, int index)
{
    public MissingStep? Parent { get; } = parent;

    public string? Key { get; } = key;

    public int Index { get; } = index;
}

/// <summary>The items of a list field, enumerated without an iterator object.</summary>
internal readonly struct Items(Field owner, JsonArray? list) : IEnumerable<Field>
{
    public Enumerator GetEnumerator() => new(owner, list);

    IEnumerator<Field> IEnumerable<Field>.GetEnumerator() => GetEnumerator();

    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();

    public struct Enumerator(Field owner, JsonArray? list) : IEnumerator<Field>
    {
        private int _index = -1;

        public readonly Field Current => owner.ItemAt(list!, _index);

        readonly object System.Collections.IEnumerator.Current => Current;

        public bool MoveNext() => list is not null && ++_index < list.Count;

        public void Reset() => _index = -1;

        public readonly void Dispose()
        {
        }
    }
}
