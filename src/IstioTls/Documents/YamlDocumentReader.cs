using System.Text.Json.Nodes;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace IstioTls.Documents;

/// <summary>
/// Reads a YAML stream into JSON nodes with YamlDotNet's event parser, the reflection-free part
/// of the library: every field survives (plans write objects back whole), lines are known for
/// error messages, and alias expansion is bounded so that a "billion laughs" file fails fast
/// instead of eating memory.
/// </summary>
public static class YamlDocumentReader
{
    /// <summary>How many nodes alias expansion may copy in one document.</summary>
    public const int MaxAliasNodes = 100_000;

    /// <summary>Reads every document; <paramref name="lineOffset"/> is added to every line, for a
    /// piece of a larger file read on its own.</summary>
    public static IEnumerable<ParsedDocument> Read(TextReader text, string origin, int lineOffset = 0)
    {
        var parser = new Parser(text);
        var reader = new State(parser, origin, lineOffset);
        reader.Start();
        reader.Expect<StreamStart>();
        while (!reader.Accept<StreamEnd>())
        {
            var start = reader.Expect<DocumentStart>();
            reader.BeginDocument();
            JsonNode? root = reader.Accept<DocumentEnd>() ? null : reader.ReadNode(depth: 1);
            reader.Expect<DocumentEnd>();
            yield return new ParsedDocument(root, (int)start.Start.Line + lineOffset, reader.ItemLines);
        }
    }

    private sealed class State(IParser parser, string origin, int lineOffset)
    {
        private Dictionary<string, JsonNode?> _anchors = new(StringComparer.Ordinal);
        private int _aliasBudget;

        private readonly StringPool _pool = new();

        public Dictionary<JsonNode, int>? ItemLines { get; private set; }

        public void BeginDocument()
        {
            _anchors = new Dictionary<string, JsonNode?>(StringComparer.Ordinal);
            _aliasBudget = MaxAliasNodes;
            ItemLines = null;
        }

        public void Start() => Next();

        public bool Accept<T>() where T : ParsingEvent => Current is T;

        public T Expect<T>() where T : ParsingEvent
        {
            if (Current is not T expected)
            {
                throw Fail(Current?.Start.Line, $"unexpected {Current?.GetType().Name ?? "end of input"}");
            }
            Next();
            return expected;
        }

        public JsonNode? ReadNode(int depth)
        {
            var current = Current ?? throw Fail(null, "unexpected end of input");
            switch (current)
            {
                case AnchorAlias alias:
                    Next();
                    if (!_anchors.TryGetValue(alias.Value.Value, out var anchored))
                    {
                        throw Fail(alias.Start.Line, $"unknown alias *{alias.Value.Value}");
                    }
                    return CopyWithinBudget(anchored, alias.Start.Line);
                case Scalar scalar:
                    Next();
                    return Remember(scalar.Anchor, ScalarValue(scalar, Pooled(scalar.Value)));
                case SequenceStart sequence:
                    {
                        Next();
                        var array = new JsonArray();
                        Remember(sequence.Anchor, array);
                        while (!Accept<SequenceEnd>())
                        {
                            var itemLine = Current?.Start.Line;
                            var item = ReadNode(depth + 1);
                            if (depth == 2 && item is JsonObject && itemLine is { } line)
                            {
                                (ItemLines ??= new Dictionary<JsonNode, int>(ReferenceEqualityComparer.Instance))[item] = (int)line + lineOffset;
                            }
                            array.Add(item);
                        }
                        Next();
                        return array;
                    }
                case MappingStart mapping:
                    {
                        Next();
                        var map = new JsonObject();
                        Remember(mapping.Anchor, map);
                        HashSet<string>? merged = null;
                        while (!Accept<MappingEnd>())
                        {
                            var keyEvent = Current;
                            var key = ReadNode(depth + 1);
                            var value = ReadNode(depth + 1);
                            AddEntry(map, key, value, keyEvent, ref merged);
                        }
                        Next();
                        return map;
                    }
                default:
                    throw Fail(current.Start.Line, $"unexpected {current.GetType().Name}");
            }
        }

        private void AddEntry(JsonObject map, JsonNode? key, JsonNode? value, ParsingEvent? keyEvent, ref HashSet<string>? merged)
        {
            if (keyEvent is Scalar { Value: "<<", Style: ScalarStyle.Plain })
            {
                // A merge key adds the entries of the merged mappings that the mapping lacks;
                // the mapping's own keys, before or after it, win.
                foreach (var source in value is JsonArray list ? list.OfType<JsonObject>() : value is JsonObject single ? [single] : [])
                {
                    foreach (var (k, v) in source)
                    {
                        if (!map.ContainsKey(k))
                        {
                            map[k] = v?.DeepClone();
                            (merged ??= new HashSet<string>(StringComparer.Ordinal)).Add(k);
                        }
                    }
                }
                return;
            }
            var name = key switch
            {
                null => "null",
                JsonValue scalar when scalar.TryGetValue(out string? text) => text,
                JsonValue scalar => Pooled(scalar.ToString()),
                _ => throw Fail(keyEvent?.Start.Line, "a mapping key must be a scalar"),
            };
            if (merged is not null && merged.Remove(name))
            {
                map[name] = value;
            }
            else if (!map.TryAdd(name, value))
            {
                throw Fail(keyEvent?.Start.Line, $"duplicate key \"{name}\"");
            }
        }

        private JsonNode? CopyWithinBudget(JsonNode? node, long line)
        {
            if (node is null)
            {
                return null;
            }
            _aliasBudget -= CountNodes(node, _aliasBudget);
            if (_aliasBudget < 0)
            {
                throw Fail(line, $"YAML aliases expand to more than {MaxAliasNodes} nodes; refusing to expand them");
            }
            return node.DeepClone();
        }

        private static int CountNodes(JsonNode node, int limit)
        {
            var count = 1;
            switch (node)
            {
                case JsonObject map:
                    foreach (var (_, child) in map)
                    {
                        if (child is not null && count <= limit)
                        {
                            count += CountNodes(child, limit - count);
                        }
                    }
                    break;
                case JsonArray array:
                    foreach (var child in array)
                    {
                        if (child is not null && count <= limit)
                        {
                            count += CountNodes(child, limit - count);
                        }
                    }
                    break;
            }
            return count;
        }

        private JsonNode? Remember(AnchorName anchor, JsonNode? node)
        {
            if (!anchor.IsEmpty)
            {
                _anchors[anchor.Value] = node;
            }
            return node;
        }

        private string Pooled(string value) => _pool.Get(value);

        private static JsonNode? ScalarValue(Scalar scalar, string value)
        {
            if (!scalar.Tag.IsEmpty)
            {
                switch (scalar.Tag.Value)
                {
                    case "tag:yaml.org,2002:str":
                        return JsonValue.Create(value);
                    case "tag:yaml.org,2002:null":
                        return null;
                }
            }
            return scalar.Style == ScalarStyle.Plain ? YamlScalars.ResolvePlain(value) : JsonValue.Create(value);
        }

        private ParsingEvent? Current => parser.Current;

        private void Next()
        {
            try
            {
                parser.MoveNext();
            }
            catch (YamlException e)
            {
                throw Fail(e.Start.Line, Describe(e));
            }
        }

        private DocumentException Fail(long? line, string problem) => new(origin, line is { } l ? (int)l + lineOffset : null, problem);

        private static string Describe(YamlException e)
        {
            var message = e.InnerException is YamlException inner ? inner.Message : e.Message;
            // YamlDotNet prefixes positions like "(Line: 3, Col: 5, Idx: 20) - (...): "; the file
            // and line are already in our message.
            var cut = message.LastIndexOf("): ", StringComparison.Ordinal);
            return "invalid YAML: " + (cut >= 0 ? message[(cut + 3)..] : message);
        }
    }
}
