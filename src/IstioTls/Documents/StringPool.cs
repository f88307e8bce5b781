namespace IstioTls.Documents;

/// <summary>
/// One instance of each short string: keys ("apiVersion", "servers") and short values
/// ("HTTPS", "SIMPLE") repeat in every object of a large manifest, and one copy each keeps
/// thousands of Gateways small. Bounded, so unique values do not grow it without end.
/// </summary>
internal sealed class StringPool
{
    private const int Capacity = 4096;
    private const int MaxLength = 48;

    private readonly Dictionary<string, string> _pool;
    private readonly Dictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> _bySpan;

    public StringPool()
    {
        _pool = new Dictionary<string, string>(StringComparer.Ordinal);
        _bySpan = _pool.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    /// <summary>The pooled string for these characters: no string is made when it is pooled.</summary>
    public string Get(ReadOnlySpan<char> value)
    {
        if (value.Length <= MaxLength && _bySpan.TryGetValue(value, out var pooled))
        {
            return pooled;
        }
        return Get(value.ToString());
    }

    public string Get(string value)
    {
        if (value.Length > MaxLength)
        {
            return value;
        }
        if (_pool.TryGetValue(value, out var pooled))
        {
            return pooled;
        }
        if (_pool.Count < Capacity)
        {
            _pool[value] = value;
        }
        return value;
    }
}
