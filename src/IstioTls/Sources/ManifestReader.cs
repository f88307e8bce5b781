using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using IstioTls.Documents;

namespace IstioTls.Sources;

/// <summary>Splits one file's bytes into documents: JSON (one value, several values in a row,
/// or an array of objects) when it starts with <c>{</c> or <c>[</c>, YAML otherwise.</summary>
public static class ManifestReader
{
    public static IReadOnlyList<ParsedDocument> Read(string origin, byte[] bytes) => Read(origin, bytes, ParallelPieceSize);

    internal static IReadOnlyList<ParsedDocument> Read(string origin, byte[] bytes, int pieceSize)
    {
        var start = bytes.AsSpan().StartsWith("\xEF\xBB\xBF"u8) ? 3 : 0;
        var content = new ArraySegment<byte>(bytes, start, bytes.Length - start);
        EnsureText(origin, content);
        return LooksLikeJson(content) ? ReadJson(origin, content) : ReadYaml(origin, content, pieceSize);
    }

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

    private static List<ParsedDocument> ReadJson(string origin, ArraySegment<byte> content)
    {
        var documents = new List<ParsedDocument>();
        var reader = new Utf8JsonReader(content, new JsonReaderOptions { AllowMultipleValues = true, CommentHandling = JsonCommentHandling.Skip, MaxDepth = 256 });
        try
        {
            while (reader.Read())
            {
                var line = LineAt(content, (int)reader.TokenStartIndex);
                documents.Add(new ParsedDocument(JsonNode.Parse(ref reader), line));
            }
        }
        catch (JsonException e)
        {
            throw new DocumentException(origin, e.LineNumber is { } l ? (int)l + 1 : null, "invalid JSON: " + FirstSentence(e.Message));
        }
        return documents;
    }

    /// <summary>Above this many characters a YAML stream is parsed in pieces, in parallel.</summary>
    internal const int ParallelPieceSize = 256 * 1024;

    private static List<ParsedDocument> ReadYaml(string origin, ArraySegment<byte> content, int pieceSize)
    {
        var pieces = YamlStreamSplitter.Split(content, pieceSize);
        var results = new List<ParsedDocument>[pieces.Count];
        var failures = new DocumentException?[pieces.Count];
        Parallel.For(0, pieces.Count, i =>
        {
            try
            {
                results[i] = ReadPiece(origin, content, pieces[i]);
            }
            catch (DocumentException e)
            {
                failures[i] = e;
            }
        });
        // The first error in the file is the one to report, as a sequential read would.
        if (failures.FirstOrDefault(f => f is not null) is { } failure)
        {
            throw failure;
        }
        return pieces.Count == 1 ? results[0] : [.. results.SelectMany(r => r)];
    }

    // The simple reader takes what kubectl and generators write; YamlDotNet the rest, and it
    // words the errors.
    private static List<ParsedDocument> ReadPiece(string origin, ArraySegment<byte> content, YamlStreamSplitter.Piece piece)
    {
        var text = Encoding.UTF8.GetString(content.AsSpan(piece.Start, piece.Length));
        return SimpleYamlReader.TryRead(text, piece.FirstLine)
            ?? [.. YamlDocumentReader.Read(new StringReader(text), origin, piece.FirstLine)];
    }

    private static int LineAt(ReadOnlySpan<byte> content, int offset) => content[..offset].Count((byte)'\n') + 1;

    private static string FirstSentence(string message)
    {
        var cut = message.IndexOf(" Path:", StringComparison.Ordinal);
        return cut > 0 ? message[..cut].TrimEnd('.', ' ') : message;
    }
}
