namespace IstioTls.Printers;

/// <summary>Left-aligned columns separated by three spaces, as kubectl prints them.</summary>
internal sealed class TextTable(params string[] headers)
{
    private readonly List<string[]> _rows = [];

    public void Add(params string[] cells) => _rows.Add(cells);

    public IEnumerable<string> Lines(bool withHeaders = true)
    {
        var widths = new int[headers.Length];
        foreach (var row in (withHeaders ? _rows.Prepend(headers) : _rows))
        {
            for (var i = 0; i < row.Length; i++)
            {
                widths[i] = Math.Max(widths[i], row[i].Length);
            }
        }
        foreach (var row in (withHeaders ? _rows.Prepend(headers) : _rows))
        {
            var cells = row.Select((cell, i) => i == row.Length - 1 ? cell : cell.PadRight(widths[i]));
            yield return string.Join("   ", cells).TrimEnd();
        }
    }
}
