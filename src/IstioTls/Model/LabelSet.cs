using System.Collections;

namespace IstioTls.Model;

/// <summary>
/// A set of Kubernetes labels. Gateway selectors and pod labels are compared as sets:
/// key order in a manifest never matters, so the pairs are kept sorted by key.
/// </summary>
public sealed class LabelSet : IEquatable<LabelSet>, IReadOnlyCollection<KeyValuePair<string, string>>
{
    public static readonly LabelSet Empty = new([]);

    private readonly KeyValuePair<string, string>[] _pairs;

    private LabelSet(KeyValuePair<string, string>[] sortedPairs) => _pairs = sortedPairs;

    public static LabelSet From(IEnumerable<KeyValuePair<string, string>> pairs)
    {
        var array = pairs.ToArray();
        if (array.Length == 0)
        {
            return Empty;
        }
        // A stable sort keeps a repeated key's pairs in input order, so the last one wins below.
        var sorted = array.Order(KeyOrder.Instance).ToArray();
        var count = 0;
        foreach (var pair in sorted)
        {
            if (count > 0 && sorted[count - 1].Key == pair.Key)
            {
                sorted[count - 1] = pair;
            }
            else
            {
                sorted[count++] = pair;
            }
        }
        return new LabelSet(count == sorted.Length ? sorted : sorted[..count]);
    }

    private sealed class KeyOrder : IComparer<KeyValuePair<string, string>>
    {
        public static readonly KeyOrder Instance = new();

        public int Compare(KeyValuePair<string, string> x, KeyValuePair<string, string> y) => string.CompareOrdinal(x.Key, y.Key);
    }

    public static LabelSet Of(params (string Key, string Value)[] pairs) =>
        From(pairs.Select(p => KeyValuePair.Create(p.Key, p.Value)));

    public int Count => _pairs.Length;

    public bool IsEmpty => _pairs.Length == 0;

    public string? this[string key]
    {
        get
        {
            foreach (var pair in _pairs)
            {
                if (pair.Key == key)
                {
                    return pair.Value;
                }
            }
            return null;
        }
    }

    /// <summary>True when every label of this set is also in <paramref name="other"/>: how a
    /// Gateway selector matches a pod, and how an empty selector matches every pod.</summary>
    public bool IsSubsetOf(LabelSet other)
    {
        foreach (var (key, value) in _pairs)
        {
            if (other[key] != value)
            {
                return false;
            }
        }
        return true;
    }

    public bool Equals(LabelSet? other) =>
        other is not null && _pairs.AsSpan().SequenceEqual(other._pairs);

    public override bool Equals(object? obj) => Equals(obj as LabelSet);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (var pair in _pairs)
        {
            hash.Add(pair.Key, StringComparer.Ordinal);
            hash.Add(pair.Value, StringComparer.Ordinal);
        }
        return hash.ToHashCode();
    }

    /// <summary>The kubectl label-selector form, <c>k1=v1,k2=v2</c>.</summary>
    public override string ToString() => string.Join(',', _pairs.Select(p => $"{p.Key}={p.Value}"));

    public IEnumerator<KeyValuePair<string, string>> GetEnumerator() => ((IEnumerable<KeyValuePair<string, string>>)_pairs).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
