using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json.Nodes;

namespace IstioTls.TestApiServer;

/// <summary>
/// The server's etcd: every object, a global resourceVersion counter, and the server-managed metadata.
/// Test code seeds and inspects it; objects cross this API as copies, never as live shared nodes.
/// </summary>
public sealed class ObjectStore
{
    internal sealed record ListResult(List<StoredObject> Items, long ResourceVersion, string? Continue, long? RemainingItemCount);

    internal enum Origin { Seed, Api }

    readonly ConcurrentDictionary<(string Group, string Resource), ResourceTable> _tables = new();
    long _resourceVersion;
    long _compactedBelow;
    int _activeWatches;

    public long CurrentResourceVersion => Interlocked.Read(ref _resourceVersion);

    /// <summary>Watches open right now, so a test can wait until its client is listening.</summary>
    public int ActiveWatches => Volatile.Read(ref _activeWatches);

    internal ResourceTable Table(ResourceType type) =>
        _tables.GetOrAdd((type.Group, type.Resource), _ => new ResourceTable(type));

    static ResourceType TypeOf(string group, string resource) =>
        ResourceCatalog.FindKnown(group, resource) ?? throw new ArgumentException($"unknown resource {resource} in group \"{group}\"");

    static ResourceType TypeOf(JsonObject obj)
    {
        var apiVersion = Json.String(obj, "apiVersion") ?? throw new ArgumentException("object has no apiVersion");
        var kind = Json.String(obj, "kind") ?? throw new ArgumentException("object has no kind");
        var (group, _) = ResourceType.SplitApiVersion(apiVersion);
        return ResourceCatalog.FindByKind(group, kind) ?? throw new ArgumentException($"unknown kind {kind} in {apiVersion}");
    }

    /// <summary>True when the server serves the object's kind (seed folders may hold others, such as RBAC objects).</summary>
    public static bool Serves(JsonObject obj)
    {
        ArgumentNullException.ThrowIfNull(obj);
        var apiVersion = Json.String(obj, "apiVersion");
        var kind = Json.String(obj, "kind");
        return apiVersion is not null && kind is not null && ResourceCatalog.FindByKind(ResourceType.SplitApiVersion(apiVersion).Item1, kind) is not null;
    }

    /// <summary>Inserts or replaces an object as a seed: uid and creationTimestamp are kept when given.
    /// A namespaced object without a namespace lands in "default"; its namespace is created if missing.</summary>
    public JsonObject Put(JsonObject obj)
    {
        ArgumentNullException.ThrowIfNull(obj);
        var type = TypeOf(obj);
        var name = Json.MetaString(obj, "name") ?? throw new ArgumentException("object has no metadata.name");
        var ns = type.Namespaced ? Json.MetaString(obj, "namespace") ?? "default" : null;
        return Write(type, ns, name, _ => (JsonObject)obj.DeepClone(), Origin.Seed, dryRun: false).After!.ToNode();
    }

    public void PutRange(IEnumerable<JsonObject> objects)
    {
        ArgumentNullException.ThrowIfNull(objects);
        foreach (var o in objects)
        {
            Put(o);
        }
    }

    /// <summary>Parses YAML (multi-document, kind: List) or JSON manifests and puts every object.</summary>
    public IReadOnlyList<JsonObject> PutManifests(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return [.. Manifests.Parse(text, json: text.TrimStart().StartsWith('{')).Select(Put)];
    }

    public JsonObject? Get(string group, string resource, string? ns, string name) =>
        Find(TypeOf(group, resource), ns, name)?.ToNode();

    /// <summary>Objects in etcd key order; all namespaces when <paramref name="ns"/> is null.</summary>
    public IReadOnlyList<JsonObject> List(string group, string resource, string? ns = null) =>
        [.. ListPage(TypeOf(group, resource), ns, LabelSelector.Everything, FieldSelector.Parse(null), 0, null).Items.Select(o => o.ToNode())];

    public int Count(string group, string resource, string? ns = null) =>
        ListPage(TypeOf(group, resource), ns, LabelSelector.Everything, FieldSelector.Parse(null), 0, null).Items.Count;

    public bool Delete(string group, string resource, string? ns, string name)
    {
        try
        {
            Remove(TypeOf(group, resource), ns, name, null, dryRun: false);
            return true;
        }
        catch (ApiException e) when (e.Code == 404)
        {
            return false;
        }
    }

    /// <summary>Changes an object in place as a client update would: resourceVersion bumps, generation follows spec.</summary>
    public JsonObject Mutate(string group, string resource, string? ns, string name, Action<JsonObject> change)
    {
        ArgumentNullException.ThrowIfNull(change);
        var type = TypeOf(group, resource);
        return Write(type, ns, name, existing =>
        {
            var node = existing?.ToNode() ?? throw new KeyNotFoundException($"{type.QualifiedResource} {ns}/{name} not found");
            change(node);
            return node;
        }, Origin.Api, dryRun: false).After!.ToNode();
    }

    /// <summary>Makes every continue token issued so far answer 410 Expired, like an etcd compaction.</summary>
    public void ExpireContinueTokens() => Interlocked.Exchange(ref _compactedBelow, Interlocked.Increment(ref _resourceVersion));

    public void Clear()
    {
        foreach (var table in _tables.Values)
        {
            lock (table.Sync)
            {
                table.Clear();
            }
        }
    }

    internal StoredObject? Find(ResourceType type, string? ns, string name)
    {
        var table = Table(type);
        lock (table.Sync)
        {
            return table.Get(ResourceTable.KeyOf(type.Namespaced ? ns : null, name));
        }
    }

    /// <summary>
    /// Read-modify-write under the table lock. <paramref name="decide"/> sees the current object (or null)
    /// and returns the object to store, or null to leave the store untouched.
    /// </summary>
    internal (StoredObject? Before, StoredObject? After) Write(
        ResourceType type, string? ns, string name, Func<StoredObject?, JsonObject?> decide, Origin origin, bool dryRun)
    {
        ns = type.Namespaced ? ns : null;
        if (ns is not null && !dryRun)
        {
            EnsureNamespace(ns);
        }
        var table = Table(type);
        var key = ResourceTable.KeyOf(ns, name);
        lock (table.Sync)
        {
            var existing = table.Get(key);
            var node = decide(existing);
            if (node is null)
            {
                return (existing, existing);
            }
            var stored = Complete(type, key, ns, name, node, existing, origin, dryRun);
            if (!dryRun)
            {
                table.Set(stored);
                table.Publish(existing is null ? "ADDED" : "MODIFIED", stored);
            }
            return (existing, stored);
        }
    }

    internal StoredObject Remove(ResourceType type, string? ns, string name, Action<StoredObject>? check, bool dryRun)
    {
        ns = type.Namespaced ? ns : null;
        var table = Table(type);
        StoredObject existing;
        lock (table.Sync)
        {
            existing = table.Get(ResourceTable.KeyOf(ns, name)) ?? throw ApiErrors.NotFound(type, name);
            check?.Invoke(existing);
            if (dryRun)
            {
                return existing;
            }
            table.Remove(existing.Key);
            table.Publish("DELETED", existing);
            Interlocked.Increment(ref _resourceVersion);
        }
        // The real namespace controller empties a namespace before it goes; doing it at once keeps tests simple.
        if (type.Group.Length == 0 && type.Resource == "namespaces")
        {
            foreach (var other in _tables.Values.Where(t => t.Type.Namespaced))
            {
                lock (other.Sync)
                {
                    foreach (var key in other.SortedKeys().Where(k => k.StartsWith(name + "/", StringComparison.Ordinal)).ToList())
                    {
                        other.Publish("DELETED", other.Get(key)!);
                        other.Remove(key);
                    }
                }
            }
        }
        return existing;
    }

    internal ListResult ListPage(ResourceType type, string? ns, LabelSelector labels, FieldSelector fields, int limit, string? continueToken)
    {
        long rv = 0;
        var start = "";
        if (!string.IsNullOrEmpty(continueToken))
        {
            (rv, start) = ContinueToken.Decode(continueToken);
            if (rv < Interlocked.Read(ref _compactedBelow))
            {
                throw ApiErrors.Expired();
            }
        }
        var prefix = type.Namespaced && !string.IsNullOrEmpty(ns) ? ns + "/" : "";
        var filtered = !labels.IsEmpty || !fields.IsEmpty;
        var table = Table(type);
        lock (table.Sync)
        {
            if (rv == 0)
            {
                rv = CurrentResourceVersion;
            }
            var keys = table.SortedKeys();
            // '0' sorts right after '/', so this bounds every key with the "ns/" prefix.
            var end = prefix.Length == 0 ? keys.Length : table.LowerBound(prefix[..^1] + "0");
            var items = new List<StoredObject>(limit > 0 ? Math.Min(limit, 1024) : 16);
            for (var i = table.LowerBound(prefix + start); i < end; i++)
            {
                if (limit > 0 && items.Count == limit)
                {
                    var token = ContinueToken.Encode(rv, items[^1].Key[prefix.Length..]);
                    return new ListResult(items, rv, token, filtered ? null : end - i);
                }
                var obj = table.Get(keys[i])!;
                if (labels.Matches(obj.Labels) && fields.Matches(obj))
                {
                    items.Add(obj);
                }
            }
            return new ListResult(items, rv, null, null);
        }
    }

    /// <summary>
    /// Starts a watch: events from now on go to <paramref name="watcher"/>. With <paramref name="replay"/>
    /// the current objects come first as ADDED, taken under the same lock so nothing falls in between.
    /// </summary>
    internal IDisposable Watch(ResourceType type, System.Threading.Channels.ChannelWriter<WatchEvent> watcher, bool replay)
    {
        var table = Table(type);
        lock (table.Sync)
        {
            if (replay)
            {
                foreach (var obj in table.Values)
                {
                    watcher.TryWrite(new WatchEvent("ADDED", obj));
                }
            }
            table.AddWatcher(watcher);
        }
        Interlocked.Increment(ref _activeWatches);
        return new Unsubscribe(() =>
        {
            lock (table.Sync)
            {
                table.RemoveWatcher(watcher);
            }
            Interlocked.Decrement(ref _activeWatches);
        });
    }

    sealed class Unsubscribe(Action action) : IDisposable
    {
        public void Dispose() => action();
    }

    void EnsureNamespace(string ns)
    {
        var type = ResourceCatalog.FindKnown("", "namespaces")!;
        if (Find(type, null, ns) is not null)
        {
            return;
        }
        Write(type, null, ns, existing => existing is not null ? null : new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Namespace",
            ["metadata"] = new JsonObject { ["name"] = ns },
        }, Origin.Api, dryRun: false);
    }

    StoredObject Complete(ResourceType type, string key, string? ns, string name, JsonObject node, StoredObject? existing, Origin origin, bool dryRun)
    {
        var meta = Json.Metadata(node);
        meta["name"] = name;
        if (ns is null)
        {
            meta.Remove("namespace");
        }
        else
        {
            meta["namespace"] = ns;
        }
        node["apiVersion"] ??= type.ApiVersion(type.Versions[0]);
        node["kind"] = type.Kind;
        meta.Remove("deletionTimestamp");
        if (existing is not null)
        {
            meta["uid"] = existing.Uid;
            meta["creationTimestamp"] = existing.CreationTimestamp;
        }
        else
        {
            if (origin == Origin.Api || Json.String(meta, "uid") is null)
            {
                meta["uid"] = Guid.NewGuid().ToString();
            }
            if (origin == Origin.Api || Json.String(meta, "creationTimestamp") is null)
            {
                meta["creationTimestamp"] = Json.Timestamp(DateTimeOffset.UtcNow);
            }
        }
        if (type.TracksGeneration)
        {
            meta["generation"] = NextGeneration(node, existing, origin);
        }
        if (type is { Group: "", Resource: "namespaces" })
        {
            // The real server labels every namespace with its own name and reports it Active.
            var labels = meta["labels"] as JsonObject ?? new JsonObject();
            labels["kubernetes.io/metadata.name"] = name;
            meta["labels"] = labels;
            node["spec"] ??= new JsonObject { ["finalizers"] = new JsonArray("kubernetes") };
            node["status"] ??= new JsonObject { ["phase"] = "Active" };
        }
        var rv = dryRun ? (existing is null ? 0 : long.Parse(existing.ResourceVersion, CultureInfo.InvariantCulture)) : Interlocked.Increment(ref _resourceVersion);
        meta["resourceVersion"] = rv.ToString(CultureInfo.InvariantCulture);
        return new StoredObject(key, node);
    }

    static long NextGeneration(JsonObject node, StoredObject? existing, Origin origin)
    {
        if (existing is null)
        {
            return origin == Origin.Seed && node["metadata"]?["generation"] is JsonValue g && g.TryGetValue<long>(out var seeded) ? seeded : 1;
        }
        var old = existing.ToNode();
        var generation = old["metadata"]?["generation"] is JsonValue og && og.TryGetValue<long>(out var o) ? o : 1;
        return JsonNode.DeepEquals(Json.SpecPart(old), Json.SpecPart(node)) ? generation : generation + 1;
    }
}
