using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using IstioTls.Documents;

namespace IstioTls.Sources;

/// <summary>Splits one file's bytes into documents: JSON (one value, several values in a row,
/// or an array of objects) when it starts with <c>{</c> or <c>[</c>, YAML otherwise.</summary>
public static class ManifestReader
{
    public static IReadOnlyList<ParsedDocument> Read(string origin, byte[] bytes)
    {
        var content = StripBom(bytes);
        EnsureText(origin, content.Span);
        return LooksLikeJson(content.Span) ? ReadJson(origin, content) : ReadYaml(origin, content);
    }

    private static ReadOnlyMemory<byte> StripBom(byte[] bytes) =>
        bytes.AsSpan().StartsWith("\xEF\xBB\xBF"u8) ? bytes.AsMemory(3) : bytes.AsMemory();

    private static void EnsureText(string origin, ReadOnlySpan<byte> content)
    {
        if (content.IndexOf((byte)0) >= 0 || !System.Text.Unicode.Utf8.IsValid(content))
        {
            throw new DocumentException(origin, null, "not a text file (binary or not UTF-8); expected YAML or JSON");
        }
    }

    private static bool LooksLikeJson(ReadOnlySpan<byte> content)
    {
        foreach (var b in content)
        {
            if (b is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n')
            {
                continue;
            }
            return b is (byte)'{' or (byte)'[';
        }
        return false;
    }

    private static List<ParsedDocument> ReadJson(string origin, ReadOnlyMemory<byte> content)
    {
        var documents = new List<ParsedDocument>();
        var reader = new Utf8JsonReader(content.Span, new JsonReaderOptions { AllowMultipleValues = true, CommentHandling = JsonCommentHandling.Skip, MaxDepth = 256 });
        try
        {
            while (reader.Read())
            {
                var line = LineAt(content.Span, (int)reader.TokenStartIndex);
                documents.Add(new ParsedDocument(JsonNode.Parse(ref reader), line));
            }
        }
        catch (JsonException e)
        {
            throw new DocumentException(origin, e.LineNumber is { } l ? (int)l + 1 : null, "invalid JSON: " + FirstSentence(e.Message));
        }
        return documents;
    }

    private static List<ParsedDocument> ReadYaml(string origin, ReadOnlyMemory<byte> content)
    {
        using var text = new StreamReader(new MemoryStream(content.ToArray(), writable: false), Encoding.UTF8);
        return [.. YamlDocumentReader.Read(text, origin)];
    }

    private static int LineAt(ReadOnlySpan<byte> content, int offset) => content[..offset].Count((byte)'\n') + 1;

    private static string FirstSentence(string message)
    {
        var cut = message.IndexOf(" Path:", StringComparison.Ordinal);
        return cut > 0 ? message[..cut].TrimEnd('.', ' ') : message;
    }
}
