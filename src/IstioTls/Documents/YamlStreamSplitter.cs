namespace IstioTls.Documents;

/// <summary>
/// Cuts a large YAML stream into pieces at document markers (<c>---</c> at the start of a line),
/// so that the pieces can be parsed in parallel: YamlDotNet reads about 10 MB/s on one core, and
/// a GitOps repository or a <c>kubectl get -o yaml</c> dump of thousands of Gateways is several
/// megabytes. A marker at column 0 always ends the document before it (even a block scalar's),
/// so every piece is a whole number of documents.
/// </summary>
public static class YamlStreamSplitter
{
    public readonly record struct Piece(int Start, int Length, int FirstLine);

    public static IReadOnlyList<Piece> Split(ReadOnlySpan<byte> text, int targetSize)
    {
        var pieces = new List<Piece>();
        var start = 0;
        var startLine = 0;
        var line = 0;
        var position = 0;
        while (position < text.Length)
        {
            var end = text[position..].IndexOf((byte)'\n');
            var next = end < 0 ? text.Length : position + end + 1;
            if (position - start >= targetSize && IsDocumentMarker(text[position..next]))
            {
                pieces.Add(new Piece(start, position - start, startLine));
                start = position;
                startLine = line;
            }
            position = next;
            line++;
        }
        pieces.Add(new Piece(start, text.Length - start, startLine));
        return pieces;
    }

    // UTF-8 keeps ASCII bytes as they are, so markers and line breaks are found in the bytes.
    private static bool IsDocumentMarker(ReadOnlySpan<byte> line) =>
        line.StartsWith("---"u8) && (line.Length == 3 || line[3] is (byte)' ' or (byte)'\t' or (byte)'\n' or (byte)'\r');
}
