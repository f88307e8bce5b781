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

    /// <summary>Reads the documents and maps each as soon as its piece is parsed, on the thread
    /// that parsed it, so that a document's tree can die young: holding every tree of a 20 MB
    /// file until the end made the garbage collector 40% of <c>check -f</c> (perf, 50,000
    /// Gateways). Results come in input order.</summary>
    public static List<T> Read<T>(string origin, byte[] bytes, Func<ParsedDocument, T> map) => Read(origin, bytes, ParallelPieceSize, map);

    private static ReadOnlySpan<byte> Utf8Bom => [0xEF, 0xBB, 0xBF];

    internal static IReadOnlyList<ParsedDocument> Read(string origin, byte[] bytes, int pieceSize) => Read(origin, bytes, pieceSize, d => d);

    internal static List<T> Read<T>(string origin, byte[] bytes, int pieceSize, Func<ParsedDocument, T> map)
    {
        // Not "\xEF\xBB\xBF"u8: in a C# string \xEF is the character U+00EF, two bytes in UTF-8.
        var start = bytes.AsSpan().StartsWith(Utf8Bom) ? 3 : 0;
        var content = new ArraySegment<byte>(bytes, start, bytes.Length - start);
        EnsureText(origin, content);
        return LooksLikeJson(content) ? ReadJson(origin, content, map) : ReadYaml(origin, content, pieceSize, map);
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

    private static List<T> ReadJson<T>(string origin, ArraySegment<byte> content, Func<ParsedDocument, T> map)
    {
        var options = new JsonReaderOptions
        {
            AllowMultipleValues = true,
            CommentHandling = JsonCommentHandling.Skip,
            // One more than the limit, so that JsonLimits words the error, not the reader.
            MaxDepth = DocumentLimits.MaxDepth + 1,
        };
        var documents = new List<T>();
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
                documents.Add(map(new ParsedDocument(root, line, JsonItemLines.Of(root, scan, lines))));
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

    /// <summary>Above this many bytes a YAML stream is parsed in pieces, in parallel. Small
    /// enough that a piece's text (two bytes a character) and its line table stay under the
    /// large object heap's 85,000 bytes: at 256 KB, each piece's text was a large object, and
    /// their churn set off full collections of everything read so far (perf, 50,000 Gateways).</summary>
    internal const int ParallelPieceSize = 32 * 1024;

    private static List<T> ReadYaml<T>(string origin, ArraySegment<byte> content, int pieceSize, Func<ParsedDocument, T> map)
    {
        var pieces = YamlStreamSplitter.Split(content, pieceSize);
        var results = new (List<T> Mapped, List<int?> Lines)[pieces.Count];
        var failures = new ExceptionDispatchInfo?[pieces.Count];
        // One string pool per worker: the keys and short values of every piece it reads are
        // shared, and so are the strings the model keeps.
        Parallel.For(0, pieces.Count, () => new StringPool(), (i, _, pool) =>
        {
            try
            {
                results[i] = ReadPiece(origin, content, pieces[i], pool, map);
            }
            catch (Exception e)
            {
                // Kept as it is (a bug too), so that it reaches the user unwrapped from the
                // AggregateException that Parallel.For would make of it.
                failures[i] = ExceptionDispatchInfo.Capture(e);
            }
            return pool;
        }, _ => { });
        // The first error in the file is the one to report, as a sequential read would.
        failures.FirstOrDefault(f => f is not null)?.Throw();
        if (results.Sum(r => r.Lines.Count) > DocumentLimits.MaxDocuments)
        {
            var line = results.SelectMany(r => r.Lines).ElementAt(DocumentLimits.MaxDocuments);
            throw new DocumentException(origin, line, $"more than {DocumentLimits.MaxDocuments} documents in one file");
        }
        return pieces.Count == 1 ? results[0].Mapped : [.. results.SelectMany(r => r.Mapped)];
    }

    // The simple reader takes what kubectl and generators write; YamlDotNet the rest, and it
    // words the errors. Each document is mapped as soon as it is read, with its line kept for
    // the limit on documents.
    private static (List<T> Mapped, List<int?> Lines) ReadPiece<T>(string origin, ArraySegment<byte> content, YamlStreamSplitter.Piece piece, StringPool pool, Func<ParsedDocument, T> map)
    {
        var text = Encoding.UTF8.GetString(content.AsSpan(piece.Start, piece.Length));
        var lines = new List<int?>();
        T MapAndCount(ParsedDocument document)
        {
            lines.Add(document.Line);
            return map(document);
        }
        if (SimpleYamlReader.TryRead(text, piece.FirstLine, pool, MapAndCount) is { } mapped)
        {
            return (mapped, lines);
        }
        lines.Clear();
        return ([.. YamlDocumentReader.Read(text, origin, piece.FirstLine).Select(MapAndCount)], lines);
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
