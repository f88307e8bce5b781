using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace IstioTls.Documents;

/// <summary>
/// A fast reader for the YAML that kubectl, Helm and generators write: block mappings and
/// sequences, one-line plain and quoted scalars, one-line flow collections and comments. It
/// gives exactly what <see cref="YamlDocumentReader"/> gives (the tests compare the two) and
/// returns null on anything else — anchors, tags, block scalars, multi-line scalars, merge
/// keys, errors — so that YamlDotNet reads that piece and reports its errors.
/// </summary>
/// <remarks>
/// Profiling <c>check -f</c> on 10,000 Gateways showed a quarter of the time in YamlDotNet's
/// shared StringBuilder pool, contended by the parallel pieces, and another quarter in the
/// garbage collector moving its tokens and events; this reader allocates the tree only.
/// </remarks>
public static class SimpleYamlReader
{
    /// <summary>The documents of <paramref name="text"/>, or null when it is not in the simple
    /// subset. <paramref name="lineOffset"/> is added to every line.</summary>
    public static List<ParsedDocument>? TryRead(string text, int lineOffset = 0) => TryRead(text, lineOffset, new StringPool(), d => d);

    /// <summary>As <see cref="TryRead(string, int)"/>, mapping each document as soon as it is
    /// read, so that its tree can die young; <paramref name="pool"/> may serve several texts
    /// read one after another on one thread.</summary>
    internal static List<T>? TryRead<T>(string text, int lineOffset, StringPool pool, Func<ParsedDocument, T> map)
    {
        try
        {
            return new State(text, lineOffset, pool).ReadAll(map);
        }
        catch (NotSimpleException)
        {
            return null;
        }
        finally
        {
            t_lines?.Clear();
        }
    }

    private sealed class NotSimpleException : Exception;

    // The line table of the last text this thread read, reused by the next: a table per 32 KB
    // piece was a twentieth of what reading manifests allocated. Nothing read keeps it.
    [ThreadStatic]
    private static List<Line>? t_lines;

    /// <summary>A content line: where its content (after the indentation) is in the text.</summary>
    private readonly record struct Line(int Number, int Indent, int Start, int Length, bool IsMarker);

    private sealed class State
    {
        private static readonly NotSimpleException NotSimple = new();

        private readonly string _text;
        private readonly List<Line> _lines;
        private readonly int _lineOffset;
        private readonly StringPool _pool;
        private int _next;
        private Dictionary<JsonNode, int>? _itemLines;
        private readonly MappingEntries _entries = new();

        public State(string text, int lineOffset, StringPool pool)
        {
            _pool = pool;
            _text = text;
            _lines = Lines(text);
            _lineOffset = lineOffset;
        }

        private ReadOnlySpan<char> Content(Line line) => _text.AsSpan(line.Start, line.Length);

        public List<T> ReadAll<T>(Func<ParsedDocument, T> map)
        {
            var documents = new List<T>();
            while (_next < _lines.Count)
            {
                _itemLines = null;
                var start = _lines[_next];
                if (start.IsMarker)
                {
                    _next++;
                }
                JsonNode? root = null;
                if (_next < _lines.Count && !_lines[_next].IsMarker)
                {
                    root = Node(_lines[_next].Indent, depth: 1);
                    if (_next < _lines.Count && !_lines[_next].IsMarker)
                    {
                        throw NotSimple;
                    }
                }
                documents.Add(map(new ParsedDocument(root, start.Number + _lineOffset, _itemLines)));
            }
            return documents;
        }

        // Content lines only: blank and comment-only lines carry nothing. Anything that needs
        // the whole stream's view (tabs in indentation, directives, document end markers)
        // sends the text to YamlDotNet.
        private static List<Line> Lines(string text)
        {
            // The thread's table, sized at once: grown by doubling, its discarded copies were an
            // eighth of what reading a Gateway allocated.
            var lines = t_lines ??= [];
            lines.Clear();
            lines.EnsureCapacity(text.AsSpan().Count('\n') + 1);
            var number = 0;
            var position = 0;
            while (position < text.Length)
            {
                var end = text.IndexOf('\n', position);
                if (end < 0)
                {
                    end = text.Length;
                }
                number++;
                var lineStart = position;
                var line = text.AsSpan(position, end - position);
                if (line.Length > 0 && line[^1] == '\r')
                {
                    line = line[..^1];
                }
                if (line.Contains('\r'))
                {
                    // A lone carriage return is a line break to YAML.
                    throw NotSimple;
                }
                position = end + 1;
                var indent = 0;
                while (indent < line.Length && line[indent] == ' ')
                {
                    indent++;
                }
                var content = line[indent..].TrimEnd(' ');
                if (content.Length == 0 || content[0] == '#')
                {
                    continue;
                }
                if (content.Length > DocumentLimits.MaxScalarLength)
                {
                    // A line this long may hold a scalar over the limit: YamlDotNet checks it
                    // and names the place.
                    throw NotSimple;
                }
                if (content[0] == '\t' || (indent == 0 && content[0] == '%') || content.StartsWith("..."))
                {
                    throw NotSimple;
                }
                if (indent == 0 && content.StartsWith("---") && (content.Length == 3 || content[3] is ' ' or '\t'))
                {
                    var after = content[3..].TrimStart(" \t");
                    if (after.Length > 0 && after[0] != '#')
                    {
                        throw NotSimple;
                    }
                    lines.Add(new Line(number, 0, 0, 0, IsMarker: true));
                    continue;
                }
                lines.Add(new Line(number, indent, lineStart + indent, content.Length, IsMarker: false));
            }
            return lines;
        }

        private bool More(int indent) => _next < _lines.Count && !_lines[_next].IsMarker && _lines[_next].Indent == indent;

        private static bool IsSequenceItem(ReadOnlySpan<char> content) => content is "-" || content.StartsWith("- ", StringComparison.Ordinal);

        /// <summary>The block node that starts on the next line, at <paramref name="indent"/>.</summary>
        private JsonNode? Node(int indent, int depth)
        {
            var line = _lines[_next];
            if (IsSequenceItem(Content(line)))
            {
                return Sequence(indent, depth);
            }
            if (SplitKey(Content(line), out _, out _))
            {
                return Mapping(indent, depth);
            }
            // A scalar on lines of its own (a whole document that is one scalar): rare, and
            // maybe multi-line; YamlDotNet reads it.
            throw NotSimple;
        }

        // Over a limit, YamlDotNet reads the piece again and words the error with its place.
        private static void EnsureWithinLimits(int depth)
        {
            if (depth > DocumentLimits.MaxDepth)
            {
                throw NotSimple;
            }
        }

        private JsonObject Mapping(int indent, int depth)
        {
            EnsureWithinLimits(depth);
            var mark = _entries.Mark;
            while (More(indent) && !IsSequenceItem(Content(_lines[_next])))
            {
                var line = _lines[_next];
                if (!SplitKey(Content(line), out var name, out var rest))
                {
                    throw NotSimple;
                }
                _next++;
                var value = Value(rest, indent, depth + 1, allowSequenceAtSameIndent: true);
                if (name == "<<" || _entries.Has(mark, name))
                {
                    throw NotSimple;
                }
                _entries.Push(name, value);
            }
            if (_next < _lines.Count && !_lines[_next].IsMarker && _lines[_next].Indent > indent)
            {
                throw NotSimple;
            }
            return _entries.Pop(mark);
        }

        private JsonArray Sequence(int indent, int depth)
        {
            EnsureWithinLimits(depth);
            var array = new JsonArray();
            while (More(indent) && IsSequenceItem(Content(_lines[_next])))
            {
                var line = _lines[_next];
                var content = Content(line);
                var afterDash = content.Length == 1 ? 1 : 2;
                while (afterDash < content.Length && content[afterDash] == ' ')
                {
                    afterDash++;
                }
                var rest = content[afterDash..];
                JsonNode? item;
                int itemLine;
                if (rest.Length == 0 || rest[0] == '#')
                {
                    _next++;
                    itemLine = _next < _lines.Count ? _lines[_next].Number : line.Number;
                    item = _next < _lines.Count && !_lines[_next].IsMarker && _lines[_next].Indent > indent
                        ? Node(_lines[_next].Indent, depth + 1)
                        : null;
                }
                else if (IsSequenceItem(rest) || rest[0] is '?' || rest.StartsWith(": ", StringComparison.Ordinal))
                {
                    throw NotSimple;
                }
                else if (rest[0] is not ('"' or '\'' or '[' or '{') && SplitKey(rest, out _, out _))
                {
                    // "- key: value": a mapping whose keys line up with this one's.
                    itemLine = line.Number;
                    var column = indent + afterDash;
                    _lines[_next] = line with { Indent = column, Start = line.Start + afterDash, Length = line.Length - afterDash };
                    item = Mapping(column, depth + 1);
                }
                else
                {
                    itemLine = line.Number;
                    _next++;
                    item = Value(rest, indent, depth + 1, allowSequenceAtSameIndent: false);
                }
                if (ParsedDocument.KeepsItemLines(depth) && item is JsonObject)
                {
                    (_itemLines ??= new Dictionary<JsonNode, int>(ReferenceEqualityComparer.Instance))[item] = itemLine + _lineOffset;
                }
                array.Add(item);
            }
            if (_next < _lines.Count && !_lines[_next].IsMarker && _lines[_next].Indent > indent)
            {
                throw NotSimple;
            }
            return array;
        }

        /// <summary>What follows a key's colon or an item's dash on its line: nothing (a nested
        /// block, or null), a flow collection, a quoted or a plain scalar.</summary>
        private JsonNode? Value(ReadOnlySpan<char> rest, int ownerIndent, int depth, bool allowSequenceAtSameIndent)
        {
            if (rest.Length == 0 || rest[0] == '#')
            {
                if (_next < _lines.Count && !_lines[_next].IsMarker)
                {
                    var next = _lines[_next];
                    if (next.Indent > ownerIndent)
                    {
                        return Node(next.Indent, depth);
                    }
                    if (allowSequenceAtSameIndent && next.Indent == ownerIndent && IsSequenceItem(Content(next)))
                    {
                        // "servers:\n- ...": a sequence may sit at its key's indentation.
                        return Sequence(ownerIndent, depth);
                    }
                }
                return null;
            }
            JsonNode? value;
            var position = 0;
            if (rest[0] is '[' or '{')
            {
                value = Flow(rest, ref position, depth);
                EndOfLine(rest, position);
            }
            else if (rest[0] is '"' or '\'')
            {
                value = JsonValue.Create(_pool.Get(Quoted(rest, ref position)));
                EndOfLine(rest, position);
            }
            else
            {
                value = Resolve(_pool.Get(PlainInBlock(rest)));
            }
            // A more indented line after a scalar continues it (a multi-line scalar) or is an error.
            if (_next < _lines.Count && !_lines[_next].IsMarker && _lines[_next].Indent > ownerIndent)
            {
                throw NotSimple;
            }
            return value;
        }

        /// <summary>A block-context plain scalar: the rest of the line up to a comment.</summary>
        private static ReadOnlySpan<char> PlainInBlock(ReadOnlySpan<char> rest)
        {
            if ("-?:,[]{}#&*!|>'\"%@`".Contains(rest[0]) && !(rest[0] is '-' or '?' or ':' && rest.Length > 1 && rest[1] != ' '))
            {
                throw NotSimple;
            }
            var comment = rest.IndexOf(" #", StringComparison.Ordinal);
            var text = (comment < 0 ? rest : rest[..comment]).TrimEnd(" \t");
            if (text.Contains(": ", StringComparison.Ordinal) || text.EndsWith(':') || text.Contains('\t'))
            {
                throw NotSimple;
            }
            return text;
        }

        private static void EndOfLine(ReadOnlySpan<char> text, int position)
        {
            while (position < text.Length && text[position] is ' ' or '\t')
            {
                position++;
            }
            if (position < text.Length && (text[position] != '#' || text[position - 1] is not (' ' or '\t')))
            {
                throw NotSimple;
            }
        }

        /// <summary>Splits "key: rest" (or "key:" at the end of the line); false when the line
        /// is not a simple mapping entry.</summary>
        private bool SplitKey(ReadOnlySpan<char> content, out string name, out ReadOnlySpan<char> rest)
        {
            name = "";
            rest = default;
            int colon;
            string? quoted = null;
            if (content[0] is '"' or '\'')
            {
                var position = 0;
                try
                {
                    quoted = Quoted(content, ref position);
                }
                catch (NotSimpleException)
                {
                    return false;
                }
                while (position < content.Length && content[position] == ' ')
                {
                    position++;
                }
                if (position >= content.Length || content[position] != ':')
                {
                    return false;
                }
                colon = position;
            }
            else
            {
                if ("?:,[]{}#&*!|>%@`".Contains(content[0]) || (content[0] == '-' && (content.Length == 1 || content[1] == ' ')))
                {
                    return false;
                }
                colon = content.IndexOf(": ", StringComparison.Ordinal);
                if (colon < 0)
                {
                    if (!content.EndsWith(':'))
                    {
                        return false;
                    }
                    colon = content.Length - 1;
                }
                if (content[..colon].Contains(" #", StringComparison.Ordinal))
                {
                    return false;
                }
            }
            if ((colon + 1 < content.Length && content[colon + 1] != ' ') || colon > DocumentLimits.MaxKeyLength)
            {
                return false;
            }
            name = quoted is not null ? _pool.Get(quoted) : KeyName(content[..colon].TrimEnd(' '));
            rest = colon + 1 < content.Length ? content[(colon + 1)..].TrimStart(' ') : default;
            return true;
        }

        // Infinities are errors, which YamlDotNet's reading words.
        private static JsonNode? Resolve(string plain) => YamlScalars.IsPlainText(plain) ? JsonValue.Create(plain)
            : YamlScalars.IsNonFinite(plain) ? throw NotSimple : YamlScalars.ResolvePlain(plain);

        // As YamlDocumentReader names keys: a plain key resolves like a value (yes is true) and
        // is then written as text.
        private string KeyName(ReadOnlySpan<char> plain) => KeyName(_pool.Get(plain));

        private string KeyName(string plain) => YamlScalars.IsPlainText(plain) ? plain : Resolve(plain) switch
        {
            null => throw NotSimple,
            JsonValue value when value.TryGetValue(out string? text) => text,
            JsonValue value => _pool.Get(YamlScalars.KeyText(value) ?? throw NotSimple),
            _ => throw NotSimple,
        };

        /// <summary>A quoted scalar that closes on the same line.</summary>
        private string Quoted(ReadOnlySpan<char> text, ref int position)
        {
            var quote = text[position];
            // Most quoted scalars (timestamps, "true" as a label) hold no escape: taken as they
            // are, from the pool, without a builder.
            var length = text[(position + 1)..].IndexOfAny(quote, '\\');
            if (length >= 0 && text[position + 1 + length] == quote
                && (quote == '"' || position + 2 + length >= text.Length || text[position + 2 + length] != '\''))
            {
                var plain = _pool.Get(text.Slice(position + 1, length));
                position += length + 2;
                return plain;
            }
            position++;
            var value = new StringBuilder();
            while (position < text.Length)
            {
                var c = text[position++];
                if (quote == '\'')
                {
                    if (c != '\'')
                    {
                        value.Append(c);
                    }
                    else if (position < text.Length && text[position] == '\'')
                    {
                        value.Append('\'');
                        position++;
                    }
                    else
                    {
                        return value.ToString();
                    }
                }
                else if (c == '"')
                {
                    return value.ToString();
                }
                else if (c == '\\')
                {
                    if (position >= text.Length)
                    {
                        throw NotSimple;
                    }
                    var escape = text[position++];
                    switch (escape)
                    {
                        // Not '/': YAML 1.1 (go-yaml, kubectl) has no \/ escape; YamlDotNet's
                        // reading refuses it with its place.
                        case '\\' or '"': value.Append(escape); break;
                        case 'n': value.Append('\n'); break;
                        case 't': value.Append('\t'); break;
                        case 'r': value.Append('\r'); break;
                        case '0': value.Append('\0'); break;
                        case 'u' when position + 4 <= text.Length && ushort.TryParse(text.Slice(position, 4), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var code):
                            value.Append((char)code);
                            position += 4;
                            break;
                        default: throw NotSimple;
                    }
                }
                else
                {
                    value.Append(c);
                }
            }
            // Not closed on this line: a multi-line quoted scalar.
            throw NotSimple;
        }

        /// <summary>A flow collection that closes on the same line: [a, "b"], {k: v}.</summary>
        private JsonNode Flow(ReadOnlySpan<char> text, ref int position, int depth)
        {
            EnsureWithinLimits(depth);
            var open = text[position++];
            var close = open == '[' ? ']' : '}';
            JsonNode collection = open == '[' ? new JsonArray() : new JsonObject();
            while (true)
            {
                SkipSpaces(text, ref position);
                if (position >= text.Length)
                {
                    throw NotSimple;
                }
                if (text[position] == close)
                {
                    position++;
                    return collection;
                }
                if (collection is JsonObject map)
                {
                    var key = FlowScalar(text, ref position, inKey: true, out var keyIsPlain);
                    if (key.Length > DocumentLimits.MaxKeyLength)
                    {
                        throw NotSimple;
                    }
                    SkipSpaces(text, ref position);
                    if (position + 1 >= text.Length || text[position] != ':' || text[position + 1] != ' ')
                    {
                        throw NotSimple;
                    }
                    position++;
                    SkipSpaces(text, ref position);
                    var name = keyIsPlain ? KeyName(key) : _pool.Get(key);
                    if (name == "<<" || !map.TryAdd(name, FlowNode(text, ref position, depth + 1)))
                    {
                        throw NotSimple;
                    }
                }
                else
                {
                    ((JsonArray)collection).Add(FlowNode(text, ref position, depth + 1));
                }
                SkipSpaces(text, ref position);
                if (position < text.Length && text[position] == ',')
                {
                    position++;
                }
                else if (position >= text.Length || text[position] != close)
                {
                    throw NotSimple;
                }
            }
        }

        private JsonNode? FlowNode(ReadOnlySpan<char> text, ref int position, int depth)
        {
            if (position >= text.Length)
            {
                throw NotSimple;
            }
            if (text[position] is '[' or '{')
            {
                return Flow(text, ref position, depth);
            }
            var scalar = FlowScalar(text, ref position, inKey: false, out var plain);
            return plain ? Resolve(_pool.Get(scalar)) : JsonValue.Create(_pool.Get(scalar));
        }

        private ReadOnlySpan<char> FlowScalar(ReadOnlySpan<char> text, ref int position, bool inKey, out bool plain)
        {
            if (text[position] is '"' or '\'')
            {
                plain = false;
                return Quoted(text, ref position);
            }
            plain = true;
            if ("-?:,[]{}#&*!|>%@`".Contains(text[position]) && !(text[position] == '-' && position + 1 < text.Length && text[position + 1] is not (' ' or ',' or ']' or '}')))
            {
                throw NotSimple;
            }
            var start = position;
            while (position < text.Length && text[position] is not (',' or '[' or ']' or '{' or '}'))
            {
                if (text[position] == ':' && (position + 1 >= text.Length || text[position + 1] is ' ' or ',' or ']' or '}'))
                {
                    if (!inKey)
                    {
                        throw NotSimple;
                    }
                    break;
                }
                if (text[position] == '#' && text[position - 1] == ' ')
                {
                    throw NotSimple;
                }
                position++;
            }
            return text[start..position].TrimEnd(' ');
        }

        private static void SkipSpaces(ReadOnlySpan<char> text, ref int position)
        {
            while (position < text.Length && text[position] is ' ' or '\t')
            {
                position++;
            }
        }
    }
}
