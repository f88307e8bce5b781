using System.Text.Json;
using IstioTls.Documents;

namespace IstioTls.Sources;

/// <summary>
/// One pass over a JSON file's tokens before it is parsed: nesting, key and string lengths,
/// the number of documents, and duplicate keys (an error, as in YAML), each named with its
/// line and column. System.Text.Json would stop at its own depth limit with its own words, and
/// keep one of two equal keys silently.
/// </summary>
internal static class JsonLimits
{
    public static void Check(string origin, ArraySegment<byte> content, JsonReaderOptions options)
    {
        var reader = new Utf8JsonReader(content, options);
        var keys = new Stack<HashSet<string>?>();
        var documents = 0;
        while (reader.Read())
        {
            switch (reader.TokenType)
            {
                case JsonTokenType.StartObject or JsonTokenType.StartArray:
                    if (reader.CurrentDepth == 0 && ++documents > DocumentLimits.MaxDocuments)
                    {
                        throw Fail(origin, content, reader, $"more than {DocumentLimits.MaxDocuments} documents in one file");
                    }
                    if (reader.CurrentDepth + 1 > DocumentLimits.MaxDepth)
                    {
                        throw Fail(origin, content, reader, $"nested more than {DocumentLimits.MaxDepth} levels deep");
                    }
                    keys.Push(reader.TokenType == JsonTokenType.StartObject ? new HashSet<string>(StringComparer.Ordinal) : null);
                    break;
                case JsonTokenType.EndObject or JsonTokenType.EndArray:
                    keys.Pop();
                    break;
                case JsonTokenType.PropertyName:
                    var key = reader.GetString()!;
                    if (key.Length > DocumentLimits.MaxKeyLength)
                    {
                        throw Fail(origin, content, reader, $"a key of {key.Length} characters is over the limit of {DocumentLimits.MaxKeyLength}");
                    }
                    if (keys.Peek() is { } seen && !seen.Add(key))
                    {
                        throw Fail(origin, content, reader, $"duplicate key \"{key}\"");
                    }
                    break;
                case JsonTokenType.String when reader.ValueSpan.Length > DocumentLimits.MaxScalarLength && reader.GetString()!.Length > DocumentLimits.MaxScalarLength:
                    throw Fail(origin, content, reader, $"a string of {reader.GetString()!.Length} characters is over the limit of {DocumentLimits.MaxScalarLength}");
                default:
                    if (reader.CurrentDepth == 0 && ++documents > DocumentLimits.MaxDocuments)
                    {
                        throw Fail(origin, content, reader, $"more than {DocumentLimits.MaxDocuments} documents in one file");
                    }
                    break;
            }
        }
    }

    private static DocumentException Fail(string origin, ReadOnlySpan<byte> content, Utf8JsonReader reader, string problem)
    {
        var (line, column) = LineCounter.Position(content, (int)reader.TokenStartIndex);
        return new DocumentException(origin, line, problem, column);
    }
}
