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
    public static IEnumerable<ParsedDocument> Read(TextReader text, string origin, int lineOffset = 0) =>
        Read(text.ReadToEnd(), origin, lineOffset);

    public static IEnumerable<ParsedDocument> Read(string text, string origin, int lineOffset = 0)
    {
        var scanner = new Scanner(new StringReader(text));
        var reader = new State(new Parser(scanner), scanner, text, origin, lineOffset);
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

    private sealed class State(IParser parser, Scanner scanner, string text, string origin, int lineOffset)
    {
        private Dictionary<string, JsonNode?> _anchors = new(StringComparer.Ordinal);
        private int _aliasNodes;
        private long _aliasCharacters;

        // Where each flow collection still open began: YamlDotNet can fail inside one without
        // saying so, and the bracket that was never closed is what the user needs to find.
        private readonly Stack<(Mark Start, char Bracket)> _openFlows = new();

        private readonly StringPool _pool = new();

        public Dictionary<JsonNode, int>? ItemLines { get; private set; }

        public void BeginDocument()
        {
            _anchors = new Dictionary<string, JsonNode?>(StringComparer.Ordinal);
            _aliasNodes = 0;
            _aliasCharacters = 0;
            ItemLines = null;
        }

        public void Start() => Next();

        public bool Accept<T>() where T : ParsingEvent => Current is T;

        public T Expect<T>() where T : ParsingEvent
        {
            if (Current is not T expected)
            {
                throw Fail(Current?.Start ?? scanner.CurrentPosition, $"unexpected {Current?.GetType().Name ?? "end of input"}");
            }
            Next();
            return expected;
        }

        public JsonNode? ReadNode(int depth)
        {
            var current = Current ?? throw Fail(scanner.CurrentPosition, "unexpected end of input");
            switch (current)
            {
                case AnchorAlias alias:
                    Next();
                    if (!_anchors.TryGetValue(alias.Value.Value, out var anchored))
                    {
                        throw Fail(alias.Start, $"unknown alias *{alias.Value.Value}");
                    }
                    return CopyWithinBudget(anchored, alias.Start, depth);
                case Scalar scalar:
                    if (scalar.Value.Length > DocumentLimits.MaxScalarLength)
                    {
                        throw Fail(scalar.Start, $"a scalar of {scalar.Value.Length} characters is over the limit of {DocumentLimits.MaxScalarLength}");
                    }
                    Next();
                    return Remember(scalar.Anchor, ScalarValue(scalar, Pooled(scalar.Value)));
                case SequenceStart sequence:
                    {
                        EnsureDepth(depth, sequence.Start);
                        OpenFlow(sequence.Style == SequenceStyle.Flow, sequence.Start, '[');
                        Next();
                        var array = new JsonArray();
                        Remember(sequence.Anchor, array);
                        while (!Accept<SequenceEnd>())
                        {
                            var itemLine = Current?.Start.Line;
                            var item = ReadNode(depth + 1);
                            if (ParsedDocument.KeepsItemLines(depth) && item is JsonObject && itemLine is { } line)
                            {
                                (ItemLines ??= new Dictionary<JsonNode, int>(ReferenceEqualityComparer.Instance))[item] = (int)line + lineOffset;
                            }
                            array.Add(item);
                        }
                        CloseFlow(sequence.Style == SequenceStyle.Flow);
                        Next();
                        return array;
                    }
                case MappingStart mapping:
                    {
                        EnsureDepth(depth, mapping.Start);
                        OpenFlow(mapping.Style == MappingStyle.Flow, mapping.Start, '{');
                        Next();
                        var map = new JsonObject();
                        Remember(mapping.Anchor, map);
                        HashSet<string>? merged = null;
                        while (!Accept<MappingEnd>())
                        {
                            var keyEvent = Current;
                            if (keyEvent is Scalar { Value.Length: > DocumentLimits.MaxKeyLength } longKey)
                            {
                                throw Fail(longKey.Start, $"a key of {longKey.Value.Length} characters is over the limit of {DocumentLimits.MaxKeyLength}");
                            }
                            var key = ReadNode(depth + 1);
                            var value = ReadNode(depth + 1);
                            AddEntry(map, key, value, keyEvent, ref merged);
                        }
                        CloseFlow(mapping.Style == MappingStyle.Flow);
                        Next();
                        return map;
                    }
                default:
                    throw Fail(current.Start, $"unexpected {current.GetType().Name}");
            }
        }

        private void EnsureDepth(int depth, Mark start)
        {
            if (depth > DocumentLimits.MaxDepth)
            {
                throw Fail(start, $"nested more than {DocumentLimits.MaxDepth} levels deep");
            }
        }

        private void OpenFlow(bool isFlow, Mark start, char bracket)
        {
            if (isFlow)
            {
                _openFlows.Push((start, bracket));
            }
        }

        private void CloseFlow(bool isFlow)
        {
            if (isFlow)
            {
                _openFlows.Pop();
            }
        }

        private void AddEntry(JsonObject map, JsonNode? key, JsonNode? value, ParsingEvent? keyEvent, ref HashSet<string>? merged)
        {
            if (keyEvent is Scalar { Value: "<<", Style: ScalarStyle.Plain })
            {
                if (value is not JsonObject && !(value is JsonArray items && items.All(i => i is JsonObject)))
                {
                    throw Fail(keyEvent.Start, "a merge key (<<) takes a mapping or a list of mappings");
                }
                // As go-yaml v2 merges (kubectl sends what it reads): the merged entries are set
                // where the << stands, over the keys before it; keys after it win; in a list,
                // the first mapping wins, so they are set last to first.
                var sources = value is JsonArray list ? list.OfType<JsonObject>().Reverse() : [(JsonObject)value];
                foreach (var source in sources)
                {
                    foreach (var (k, v) in source)
                    {
                        map[k] = v?.DeepClone();
                        (merged ??= new HashSet<string>(StringComparer.Ordinal)).Add(k);
                    }
                }
                return;
            }
            var name = key switch
            {
                null => throw Fail(keyEvent?.Start ?? scanner.CurrentPosition, "a mapping key must not be null (kubectl refuses it too)"),
                JsonValue scalar when scalar.TryGetValue(out string? text) => text,
                JsonValue scalar => Pooled(YamlScalars.KeyText(scalar) ?? throw Fail(keyEvent?.Start ?? scanner.CurrentPosition, $"a mapping key cannot be {scalar.ToJsonString()}, past a signed 64-bit integer (kubectl refuses it too)")),
                _ => throw Fail(keyEvent?.Start ?? scanner.CurrentPosition, "a mapping key must be a scalar"),
            };
            if (merged is not null && merged.Remove(name))
            {
                map[name] = value;
            }
            else if (!map.TryAdd(name, value))
            {
                throw Fail(keyEvent?.Start ?? scanner.CurrentPosition, $"duplicate key \"{name}\"");
            }
        }

        private JsonNode? CopyWithinBudget(JsonNode? node, Mark at, int depth)
        {
            if (node is null)
            {
                return null;
            }
            var size = new NodeSize();
            size.Measure(node, 1, MaxAliasNodes - _aliasNodes + 1);
            _aliasNodes += size.Nodes;
            _aliasCharacters += size.Characters;
            if (_aliasNodes > MaxAliasNodes || _aliasCharacters > DocumentLimits.MaxAliasCharacters)
            {
                throw Fail(at, $"YAML aliases expand to more than {MaxAliasNodes} nodes or {DocumentLimits.MaxAliasCharacters} characters; refusing to expand them");
            }
            if (depth + size.Depth - 1 > DocumentLimits.MaxDepth)
            {
                throw Fail(at, $"nested more than {DocumentLimits.MaxDepth} levels deep (through an alias)");
            }
            return node.DeepClone();
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

        // As go-yaml v2 reads a scalar into kubectl's objects: the standard tags convert (or
        // fail as there), any other tag leaves the text a string.
        private JsonNode? ScalarValue(Scalar scalar, string value)
        {
            if (scalar.Tag.IsEmpty || scalar.Tag.IsNonSpecific)
            {
                // "! 12" is a string; TagName.Value throws for it, so it is asked first.
                if (scalar.Style == ScalarStyle.DoubleQuoted)
                {
                    EnsureYaml11Escapes(scalar);
                }
                if (scalar.Style != ScalarStyle.Plain || !scalar.Tag.IsEmpty)
                {
                    return JsonValue.Create(value);
                }
                // YamlDotNet keeps a tab that follows a comma in a flow collection ("[a,\tb]");
                // a plain scalar never starts or ends with white space.
                value = value.Trim(' ', '\t');
                if (YamlScalars.IsNonFinite(value))
                {
                    throw Fail(scalar.Start, $"{value} is not a number JSON can hold (kubectl refuses it too); quote it for the text");
                }
                return YamlScalars.ResolvePlain(value);
            }
            switch (scalar.Tag.Value)
            {
                case "tag:yaml.org,2002:null":
                    return null;
                case "tag:yaml.org,2002:bool":
                    return YamlScalars.TryBool(value, out var flag) ? JsonValue.Create(flag) : throw CannotDecode(scalar, value, "!!bool");
                case "tag:yaml.org,2002:int":
                    return YamlScalars.TryNumber(value) is JsonValue number && number.TryGetValue(out long _) ? number : throw CannotDecode(scalar, value, "!!int");
                case "tag:yaml.org,2002:float":
                    return YamlScalars.TryNumber(value) ?? throw CannotDecode(scalar, value, "!!float");
                case "tag:yaml.org,2002:binary":
                    try
                    {
                        return JsonValue.Create(Pooled(System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(value))));
                    }
                    catch (FormatException)
                    {
                        throw CannotDecode(scalar, value, "!!binary");
                    }
                default:
                    return JsonValue.Create(value);
            }
        }

        // "\/" is an escape in YAML 1.2 only: go-yaml, a YAML 1.1 parser, refuses it, so
        // kubectl does.
        private void EnsureYaml11Escapes(Scalar scalar)
        {
            var end = (int)Math.Min(scalar.End.Index, text.Length);
            for (var i = (int)scalar.Start.Index; i < end - 1; i++)
            {
                if (text[i] == '\\')
                {
                    if (text[i + 1] == '/')
                    {
                        throw Fail(new Mark(i, scalar.Start.Line, scalar.Start.Column + i - scalar.Start.Index), "invalid YAML: found unknown escape character \\/ (YAML 1.1, as kubectl reads it)");
                    }
                    i++;
                }
            }
        }

        private DocumentException CannotDecode(Scalar scalar, string value, string tag) =>
            Fail(scalar.Start, $"cannot read \"{(value.Length > 40 ? value[..40] + "..." : value)}\" as {tag}");

        private ParsingEvent? Current => parser.Current;

        private void Next()
        {
            try
            {
                parser.MoveNext();
            }
            catch (YamlException e) when (_openFlows.TryPeek(out var open) && text.AsSpan((int)Math.Min(e.Start.Index, text.Length)).IsWhiteSpace())
            {
                // The stream ended inside a flow collection: the bracket is what to fix.
                throw Unclosed(open);
            }
            catch (YamlException e)
            {
                var (at, problem) = YamlErrors.Locate(e, text);
                throw Fail(at, problem);
            }
            catch (InvalidOperationException) when (_openFlows.TryPeek(out var open))
            {
                // YamlDotNet 18 throws this (not a YamlException) for a flow collection that runs
                // into the next block line: "{b: 1" with no "}".
                throw Unclosed(open);
            }
            catch (InvalidOperationException)
            {
                throw Fail(scanner.CurrentPosition, "invalid YAML: the YAML parser cannot read this");
            }
            catch (ArgumentException e) when (e.ParamName == "value")
            {
                // YamlDotNet checks a %TAG directive's prefix with an ArgumentException, not a
                // YamlException (found by fuzzing: "%TAG ! !%").
                throw Fail(scanner.CurrentPosition, "invalid YAML: a tag that is not a valid URI");
            }
        }

        private DocumentException Unclosed((Mark Start, char Bracket) open) =>
            Fail(open.Start, $"invalid YAML: this '{open.Bracket}' is not closed (did not find expected ',' or '{(open.Bracket == '{' ? '}' : ']')}')");

        private DocumentException Fail(Mark at, string problem) => new(origin, (int)at.Line + lineOffset, problem, (int)at.Column);
    }

    /// <summary>Size of a subtree an alias copies: nodes (up to a limit), characters of its
    /// strings and keys, and depth.</summary>
    private sealed class NodeSize
    {
        public int Nodes { get; private set; }

        public long Characters { get; private set; }

        public int Depth { get; private set; }

        public void Measure(JsonNode node, int depth, int limit)
        {
            Nodes++;
            Depth = Math.Max(Depth, depth);
            switch (node)
            {
                case JsonObject map:
                    foreach (var (key, child) in map)
                    {
                        Characters += key.Length;
                        if (child is not null && Nodes <= limit)
                        {
                            Measure(child, depth + 1, limit);
                        }
                    }
                    break;
                case JsonArray array:
                    foreach (var child in array)
                    {
                        if (child is not null && Nodes <= limit)
                        {
                            Measure(child, depth + 1, limit);
                        }
                    }
                    break;
                case JsonValue value when value.TryGetValue(out string? text):
                    Characters += text.Length;
                    break;
            }
        }
    }
}
