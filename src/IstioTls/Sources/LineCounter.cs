namespace IstioTls.Sources;

/// <summary>Lines (1-based) of byte offsets met in order, counted once over the text: a file of
/// many JSON values asks for one line per value.</summary>
internal sealed class LineCounter(ReadOnlyMemory<byte> content)
{
    private int _offset;
    private int _line = 1;

    public int LineAt(int offset)
    {
        if (offset < _offset)
        {
            _offset = 0;
            _line = 1;
        }
        _line += content.Span[_offset..offset].Count((byte)'\n');
        _offset = offset;
        return _line;
    }

    /// <summary>The column (1-based, in characters) of a byte position in a line, as
    /// System.Text.Json reports positions in bytes.</summary>
    public static int Column(ReadOnlySpan<byte> content, int line, int bytePosition)
    {
        var start = 0;
        for (var l = 1; l < line; l++)
        {
            var end = content[start..].IndexOf((byte)'\n');
            if (end < 0)
            {
                break;
            }
            start += end + 1;
        }
        var length = Math.Min(bytePosition, content.Length - start);
        return System.Text.Encoding.UTF8.GetCharCount(content.Slice(start, Math.Max(length, 0))) + 1;
    }

    /// <summary>Line and column of a byte offset.</summary>
    public static (int Line, int Column) Position(ReadOnlySpan<byte> content, int offset)
    {
        var before = content[..offset];
        var lineStart = before.LastIndexOf((byte)'\n') + 1;
        return (before.Count((byte)'\n') + 1, System.Text.Encoding.UTF8.GetCharCount(before[lineStart..]) + 1);
    }
}
