using System.Collections;
using System.Text.Json.Nodes;

namespace IstioTls.Documents;

/// <summary>
/// The entries of the mappings a reader is inside, innermost last. A mapping's entries are
/// gathered here and handed to <see cref="JsonObject"/> at once, which sizes its dictionary by
/// their count: added one by one, each object's dictionary grew two or three times (a tenth of
/// <c>check -f</c>'s time at 50,000 Gateways, perf). This object is the collection handed over
/// and its enumerator too, so a handover allocates nothing (an <c>ArraySegment</c> cost a box
/// and an enumerator per mapping). One reader, one thread.
/// </summary>
internal sealed class MappingEntries : ICollection<KeyValuePair<string, JsonNode?>>, IEnumerator<KeyValuePair<string, JsonNode?>>
{
    private KeyValuePair<string, JsonNode?>[] _entries = new KeyValuePair<string, JsonNode?>[16];
    private int _count;
    private int _start;
    private int _position;

    /// <summary>Where the mapping about to be read starts.</summary>
    public int Mark => _count;

    public void Push(string key, JsonNode? value)
    {
        if (_count == _entries.Length)
        {
            Array.Resize(ref _entries, _entries.Length * 2);
        }
        _entries[_count++] = KeyValuePair.Create(key, value);
    }

    /// <summary>The mapping from <paramref name="mark"/> already has <paramref name="key"/>.
    /// Mappings have a few keys each: a scan beats a set.</summary>
    public bool Has(int mark, string key)
    {
        for (var i = mark; i < _count; i++)
        {
            if (string.Equals(_entries[i].Key, key, StringComparison.Ordinal))
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>The mapping from <paramref name="mark"/> as an object; its entries leave the stack.</summary>
    public JsonObject Pop(int mark)
    {
        _start = mark;
        var map = new JsonObject(this);
        Array.Clear(_entries, mark, _count - mark);
        _count = mark;
        return map;
    }

    public int Count => _count - _start;

    public bool IsReadOnly => true;

    public IEnumerator<KeyValuePair<string, JsonNode?>> GetEnumerator()
    {
        _position = _start - 1;
        return this;
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public KeyValuePair<string, JsonNode?> Current => _entries[_position];

    object IEnumerator.Current => Current;

    public bool MoveNext() => ++_position < _count;

    public void Reset() => _position = _start - 1;

    public void Dispose()
    {
    }

    public void CopyTo(KeyValuePair<string, JsonNode?>[] array, int arrayIndex) => Array.Copy(_entries, _start, array, arrayIndex, Count);

    public void Add(KeyValuePair<string, JsonNode?> item) => throw new NotSupportedException();

    public void Clear() => throw new NotSupportedException();

    public bool Contains(KeyValuePair<string, JsonNode?> item) => throw new NotSupportedException();

    public bool Remove(KeyValuePair<string, JsonNode?> item) => throw new NotSupportedException();
}
