using System.Text.Json;
using System.Text.Json.Nodes;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace IstioTls.Documents;

/// <summary>
/// Writes JSON nodes as YAML with YamlDotNet's emitter, so that <c>-o yaml</c> is exactly the
/// <c>-o json</c> document. Strings that would read back as another type are quoted; multi-line
/// strings (Lua code) use literal blocks so that they stay readable.
/// </summary>
public static class YamlDocumentWriter
{
    public static void Write(TextWriter output, JsonNode? node) => WriteStream(output, [node]);

    /// <summary>Writes several documents separated by <c>---</c>, as kubectl does.</summary>
    public static void WriteStream(TextWriter output, IEnumerable<JsonNode?> documents)
    {
        var emitter = new Emitter(output, new EmitterSettings(bestIndent: 2, bestWidth: int.MaxValue, isCanonical: false, maxSimpleKeyLength: 1024));
        emitter.Emit(new StreamStart());
        foreach (var document in documents)
        {
            emitter.Emit(new DocumentStart(null, null, isImplicit: true));
            Emit(emitter, document, depth: 1);
            emitter.Emit(new DocumentEnd(isImplicit: true));
        }
        emitter.Emit(new StreamEnd());
    }

    /// <summary>How deep a written tree may nest: an input object at the readers' limit, inside
    /// what the tool wraps around it (a List, a plan).</summary>
    public const int MaxDepth = DocumentLimits.MaxDepth + 16;

    private static void Emit(IEmitter emitter, JsonNode? node, int depth)
    {
        if (depth > MaxDepth && node is JsonObject or JsonArray)
        {
            // Trees come from the readers, which stop at their limit; one built otherwise must
            // not overflow the stack here either.
            throw new DocumentException("output", null, $"nested more than {MaxDepth} levels deep; not written");
        }
        switch (node)
        {
            case null:
                emitter.Emit(new Scalar(null, null, "null", ScalarStyle.Plain, true, false));
                break;
            case JsonObject map:
                emitter.Emit(new MappingStart(null, null, true, map.Count == 0 ? MappingStyle.Flow : MappingStyle.Block));
                foreach (var (key, value) in map)
                {
                    EmitString(emitter, key, isKey: true);
                    Emit(emitter, value, depth + 1);
                }
                emitter.Emit(new MappingEnd());
                break;
            case JsonArray array:
                emitter.Emit(new SequenceStart(null, null, true, array.Count == 0 ? SequenceStyle.Flow : SequenceStyle.Block));
                foreach (var item in array)
                {
                    Emit(emitter, item, depth + 1);
                }
                emitter.Emit(new SequenceEnd());
                break;
            case JsonValue value:
                EmitValue(emitter, value);
                break;
        }
    }

    private static void EmitValue(IEmitter emitter, JsonValue value)
    {
        switch (value.GetValueKind())
        {
            case JsonValueKind.String:
                EmitString(emitter, value.GetValue<string>());
                break;
            case JsonValueKind.True:
                emitter.Emit(new Scalar(null, null, "true", ScalarStyle.Plain, true, false));
                break;
            case JsonValueKind.False:
                emitter.Emit(new Scalar(null, null, "false", ScalarStyle.Plain, true, false));
                break;
            case JsonValueKind.Null:
                emitter.Emit(new Scalar(null, null, "null", ScalarStyle.Plain, true, false));
                break;
            default:
                // Numbers: JSON's own text is valid YAML.
                emitter.Emit(new Scalar(null, null, value.ToJsonString(), ScalarStyle.Plain, true, false));
                break;
        }
    }

    private static void EmitString(IEmitter emitter, string text, bool isKey = false)
    {
        // YamlDotNet's own choice (ScalarStyle.Any) can emit plain or folded scalars that do not
        // read back; choose exactly: plain only where it is plainly safe, literal blocks for
        // code, double quotes (always exact) for everything else.
        var style = text.Contains('\n', StringComparison.Ordinal)
            ? (!isKey && SuitsLiteralBlock(text) ? ScalarStyle.Literal : ScalarStyle.DoubleQuoted)
            : (IsSafePlain(text, isKey) ? ScalarStyle.Plain : ScalarStyle.DoubleQuoted);
        emitter.Emit(new Scalar(null, null, text, style, true, true));
    }

    private static bool IsSafePlain(string text, bool isKey)
    {
        if (text.Length == 0 || !(char.IsAsciiLetterOrDigit(text[0]) || text[0] is '/' or '.' or '_')
            || text[^1] is ' ' or ':' || YamlScalars.NeedsQuotes(text)
            || text.Contains(": ", StringComparison.Ordinal) || text.Contains(" #", StringComparison.Ordinal))
        {
            return false;
        }
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            // ':' only in values and as in a URL ("kubernetes://name"); elsewhere it can start a
            // mapping. '*' is left to quotes: YamlDotNet reads " *x" inside a plain scalar as an alias.
            var allowed = char.IsAsciiLetterOrDigit(c)
                || c is ' ' or '_' or '.' or '/' or '@' or '=' or '+' or ',' or '(' or ')' or '~' or '$' or '^' or '-' or ';'
                || (!isKey && c == ':' && i + 1 < text.Length && text[i + 1] == '/');
            if (!allowed)
            {
                return false;
            }
        }
        return true;
    }

    // Literal blocks are for code and prose: text that starts with a visible character and has
    // no trailing white space on a line. Anything else (leading blank lines, spaces before a line
    // break, carriage returns) stays double-quoted, which always reads back exactly.
    private static bool SuitsLiteralBlock(string text) =>
        !char.IsWhiteSpace(text[0])
        && !text.Contains(" \n", StringComparison.Ordinal)
        && !text.Contains("\t\n", StringComparison.Ordinal)
        && !text.Contains('\r', StringComparison.Ordinal)
        && !text.EndsWith("\n\n", StringComparison.Ordinal)
        && !text.EndsWith(' ');
}
