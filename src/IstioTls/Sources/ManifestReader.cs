using System.Runtime.ExceptionServices;
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

    private static ReadOnlySpan<byte> Utf8Bom => [0xEF, 0xBB, 0xBF];

    internal static IReadOnlyList<ParsedDocument> Read(string origin, byte[] bytes, int pieceSize)
    {
        // Not "\xEF\xBB\xBF"u8: in a C# string \xEF is the character U+00EF, two bytes in UTF-8.
        var start = bytes.AsSpan().StartsWith(Utf8Bom) ? 3 : 0;
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
        var options = new JsonReaderOptions
        {
            AllowMultipleValues = true,
            CommentHandling = JsonCommentHandling.Skip,
            // One more than the limit, so that JsonLimits words the error, not the reader.
            MaxDepth = DocumentLimits.MaxDepth + 1,
        };
        var documents = new List<ParsedDocument>();
        try
        {
            JsonLimits.Check(origin, content, options);
            var reader = new Utf8JsonReader(content, options);
            var lines = new LineCounter(content.AsMemory());
            while (reader.Read())
            {
                var line = lines.LineAt((int)reader.TokenStartIndex);
                var scan = reader;
                var root = JsonNode.Parse(ref reader);
                documents.Add(new ParsedDocument(root, line, JsonItemLines.Of(root, scan, lines)));
            }
        }
        catch (JsonException e)
        {
            var line = e.LineNumber is { } l ? (int)l + 1 : (int?)null;
            var column = line is { } n && e.BytePositionInLine is { } b ? LineCounter.Column(content, n, (int)b) : (int?)null;
            throw new DocumentException(origin, line, "invalid JSON: " + FirstSentence(e.Message), column);
        }
        return documents;
    }

    /// <summary>Above this many characters a YAML stream is parsed in pieces, in parallel.</summary>
    internal const int ParallelPieceSize = 256 * 1024;

    private static List<ParsedDocument> ReadYaml(string origin, ArraySegment<byte> content, int pieceSize)
    {
        var pieces = YamlStreamSplitter.Split(content, pieceSize);
        var results = new List<ParsedDocument>[pieces.Count];
        var failures = new ExceptionDispatchInfo?[pieces.Count];
        Parallel.For(0, pieces.Count, i =>
        {
            try
            {
                results[i] = ReadPiece(origin, content, pieces[i]);
            }
            catch (Exception e)
            {
                // Kept as it is (a bug too), so that it reaches the user unwrapped from the
                // AggregateException that Parallel.For would make of it.
                failures[i] = ExceptionDispatchInfo.Capture(e);
            }
        });
        // The first error in the file is the one to report, as a sequential read would.
        failures.FirstOrDefault(f => f is not null)?.Throw();
        var documents = pieces.Count == 1 ? results[0] : [.. results.SelectMany(r => r)];
        if (documents.Count > DocumentLimits.MaxDocuments)
        {
            throw new DocumentException(origin, documents[DocumentLimits.MaxDocuments].Line, $"more than {DocumentLimits.MaxDocuments} documents in one file");
        }
        return documents;
    }

    // The simple reader takes what kubectl and generators write; YamlDotNet the rest, and it
    // words the errors.
    private static List<ParsedDocument> ReadPiece(string origin, ArraySegment<byte> content, YamlStreamSplitter.Piece piece)
    {
        var text = Encoding.UTF8.GetString(content.AsSpan(piece.Start, piece.Length));
        return SimpleYamlReader.TryRead(text, piece.FirstLine)
            ?? [.. YamlDocumentReader.Read(text, origin, piece.FirstLine)];
    }

    private static string FirstSentence(string message)
    {
        // System.Text.Json appends " Path: $.a | LineNumber: 2 | BytePositionInLine: 5."; the
        // place is given apart, as for YAML.
        foreach (var tail in (string[])[" Path:", " LineNumber:"])
        {
            var cut = message.IndexOf(tail, StringComparison.Ordinal);
            if (cut > 0)
            {
                message = message[..cut];
            }
        }
        return message.TrimEnd('.', ' ', '|');
    }
}
