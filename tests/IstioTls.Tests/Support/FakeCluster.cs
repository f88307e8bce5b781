using System.Text.Json.Nodes;
using IstioTls.Cluster;
using IstioTls.Documents;
using IstioTls.Model;
using IstioTls.Plans;
using IstioTls.Sources;

namespace IstioTls.Tests.Support;

/// <summary>
/// An in-memory API server for the executor: resourceVersion preconditions answered with 409,
/// server-managed metadata kept across a replace, and faults injected on the n-th write.
/// </summary>
public sealed class FakeCluster : IClusterObjects
{
    private readonly Dictionary<(string Kind, string Namespace, string Name), JsonObject> _objects = [];
    private int _version = 1000;

    public FakeCluster(string yaml)
    {
        foreach (var document in ManifestReader.Read("cluster.yaml", System.Text.Encoding.UTF8.GetBytes(yaml)))
        {
            if (document.Root is JsonObject obj)
            {
                obj["metadata"]!["namespace"] ??= "default";
                obj["metadata"]!["resourceVersion"] = Next();
                obj["metadata"]!["uid"] = Guid.NewGuid().ToString();
                _objects[Key(obj)] = obj;
            }
        }
    }

    /// <summary>Writes made, "replace Kind ns/name" or "delete Kind ns/name", in order.</summary>
    public List<string> Writes { get; } = [];

    /// <summary>Fails the n-th write (1-based) with the exception returned, when not null.</summary>
    public Func<int, ObjectRef, Exception?> Fault { get; set; } = (_, _) => null;

    public IEnumerable<JsonObject> Objects => _objects.Values;

    public JsonObject? Find(string kind, string key)
    {
        var slash = key.IndexOf('/', StringComparison.Ordinal);
        return _objects.GetValueOrDefault((kind, key[..slash], key[(slash + 1)..]));
    }

    public ConfigSnapshot Snapshot() => Read().Snapshot;

    /// <summary>What a read for merge gives: the snapshot and the objects as read.</summary>
    public (ConfigSnapshot Snapshot, ObjectsAsRead Objects) Read()
    {
        var objects = new ObjectsAsRead();
        var builder = new SnapshotBuilder(keep: objects);
        foreach (var obj in _objects.Values)
        {
            builder.Add(obj.DeepClone().AsObject(), new SourceLocation("cluster"));
        }
        return (builder.Build(new ContextOrigin("fake")), objects);
    }

    /// <summary>Objects without resourceVersion and uid: what to compare across runs.</summary>
    public SortedDictionary<string, string> State() =>
        new(_objects.ToDictionary(
            o => $"{o.Key.Kind} {o.Key.Namespace}/{o.Key.Name}",
            o => o.Value["spec"]!.ToJsonString()), StringComparer.Ordinal);

    public Task<JsonObject?> GetAsync(ObjectRef target, CancellationToken cancellationToken) =>
        Task.FromResult(_objects.GetValueOrDefault((target.Kind, target.Namespace, target.Name))?.DeepClone().AsObject());

    public Task<JsonObject> ReplaceAsync(JsonObject body, CancellationToken cancellationToken)
    {
        var key = Key(body);
        Inject(new ObjectRef((string)body["apiVersion"]!, key.Kind, key.Namespace, key.Name));
        if (!_objects.TryGetValue(key, out var stored))
        {
            throw new ClusterException($"{key.Kind} {key.Namespace}/{key.Name} not found", 404);
        }
        if (ManifestObjects.ResourceVersion(body) != ManifestObjects.ResourceVersion(stored))
        {
            throw new ConflictException($"the object has been modified (resourceVersion {ManifestObjects.ResourceVersion(body)}, now {ManifestObjects.ResourceVersion(stored)})");
        }
        var updated = body.DeepClone().AsObject();
        updated["metadata"]!["uid"] = stored["metadata"]!["uid"]!.DeepClone();
        updated["metadata"]!["resourceVersion"] = Next();
        if (stored["metadata"]!["creationTimestamp"] is { } created)
        {
            updated["metadata"]!["creationTimestamp"] = created.DeepClone();
        }
        _objects[key] = updated;
        Writes.Add($"replace {key.Kind} {key.Namespace}/{key.Name}");
        return Task.FromResult(updated.DeepClone().AsObject());
    }

    public Task DeleteAsync(ObjectRef target, string? resourceVersion, CancellationToken cancellationToken)
    {
        Inject(target);
        var key = (target.Kind, target.Namespace, target.Name);
        if (_objects.TryGetValue(key, out var stored))
        {
            if (resourceVersion is not null && resourceVersion != ManifestObjects.ResourceVersion(stored))
            {
                throw new ConflictException($"precondition failed: resourceVersion {resourceVersion}, now {ManifestObjects.ResourceVersion(stored)}");
            }
            _objects.Remove(key);
        }
        Writes.Add($"delete {target.Kind} {target.Namespace}/{target.Name}");
        return Task.CompletedTask;
    }

    public Task<JsonObject> ApplyAsync(JsonObject body, string fieldManager, bool force, CancellationToken cancellationToken) =>
        throw new NotSupportedException("merge writes with replace and delete only");

    /// <summary>Someone else changes an object: its resourceVersion moves on.</summary>
    public void Touch(string kind, string key) => Find(kind, key)!["metadata"]!["resourceVersion"] = Next();

    private void Inject(ObjectRef target)
    {
        if (Fault(Writes.Count + 1, target) is { } fault)
        {
            throw fault;
        }
    }

    private string Next() => (++_version).ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static (string Kind, string Namespace, string Name) Key(JsonObject obj) =>
        ((string)obj["kind"]!, (string?)obj["metadata"]!["namespace"] ?? "default", (string)obj["metadata"]!["name"]!);
}
