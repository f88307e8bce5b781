namespace IstioTls.TestApiServer;

/// <summary>
/// All objects of one group/resource, keyed like etcd ("ns/name", or "name" when cluster-scoped)
/// so that list order and continue tokens follow the real server's byte order.
/// Every member must be called while holding <see cref="Sync"/>.
/// </summary>
internal sealed class ResourceTable(ResourceType type)
{
    readonly Dictionary<string, StoredObject> _items = new(StringComparer.Ordinal);
    readonly List<System.Threading.Channels.ChannelWriter<WatchEvent>> _watchers = [];
    string[]? _sortedKeys;

    public Lock Sync { get; } = new();
    public ResourceType Type { get; } = type;
    public int Count => _items.Count;

    public static string KeyOf(string? ns, string name) => string.IsNullOrEmpty(ns) ? name : ns + "/" + name;

    public StoredObject? Get(string key) => _items.GetValueOrDefault(key);

    public void Set(StoredObject obj)
    {
        if (!_items.ContainsKey(obj.Key))
        {
            _sortedKeys = null;
        }
        _items[obj.Key] = obj;
    }

    public bool Remove(string key)
    {
        if (_items.Remove(key))
        {
            _sortedKeys = null;
            return true;
        }
        return false;
    }

    // Events are published under the table lock, so every watcher sees changes in commit order.
    public void Publish(string type, StoredObject obj)
    {
        foreach (var w in _watchers)
        {
            w.TryWrite(new WatchEvent(type, obj));
        }
    }

    public void AddWatcher(System.Threading.Channels.ChannelWriter<WatchEvent> watcher) => _watchers.Add(watcher);

    public void RemoveWatcher(System.Threading.Channels.ChannelWriter<WatchEvent> watcher) => _watchers.Remove(watcher);

    public IEnumerable<StoredObject> Values => SortedKeys().Select(k => _items[k]);

    public void Clear()
    {
        _items.Clear();
        _sortedKeys = null;
    }

    // Sorting once after a burst of inserts is cheaper than keeping a sorted structure on every write.
    public string[] SortedKeys()
    {
        if (_sortedKeys is null)
        {
            _sortedKeys = [.. _items.Keys];
            Array.Sort(_sortedKeys, StringComparer.Ordinal);
        }
        return _sortedKeys;
    }

    /// <summary>Index of the first key that is ordinally >= <paramref name="from"/>.</summary>
    public int LowerBound(string from)
    {
        var keys = SortedKeys();
        int lo = 0, hi = keys.Length;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (string.CompareOrdinal(keys[mid], from) < 0)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }
        return lo;
    }
}

internal sealed record WatchEvent(string Type, StoredObject Object);
