using System.Globalization;
using System.Text.Json.Nodes;
using IstioTls.Model;
using IstioTls.Cluster;

namespace IstioTls.Tests.Support;

/// <summary>
/// A cluster in memory for the plans' write logic: objects by kind, namespace and name, a
/// resourceVersion that changes on every write, preconditions as the API server checks them,
/// and a log of the writes made.
/// </summary>
public sealed class InMemoryCluster : IClusterObjects
{
    private readonly Dictionary<string, JsonObject> _objects = new(StringComparer.Ordinal);
    private int _version = 100;

    public List<string> Writes { get; } = [];

    public JsonObject? this[ObjectRef target] => _objects.GetValueOrDefault(Key(target));

    /// <summary>Puts an object in place as if someone else had created it.</summary>
    public void Seed(JsonObject obj) => Store(obj);

    public Task<JsonObject?> GetAsync(ObjectRef target, CancellationToken cancellationToken) =>
        Task.FromResult(_objects.TryGetValue(Key(target), out var obj) ? (JsonObject?)obj.DeepClone().AsObject() : null);

    public Task<JsonObject> ReplaceAsync(JsonObject body, CancellationToken cancellationToken)
    {
        var key = Key(body);
        var sent = (string?)body["metadata"]?["resourceVersion"];
        if (!_objects.TryGetValue(key, out var current) || sent != (string?)current["metadata"]!["resourceVersion"])
        {
            throw new ConflictException($"{key} changed since it was read");
        }
        Writes.Add($"replace {key}");
        return Task.FromResult(Store(body));
    }

    public Task DeleteAsync(ObjectRef target, string? resourceVersion, CancellationToken cancellationToken)
    {
        var key = Key(target);
        if (!_objects.TryGetValue(key, out var current))
        {
            return Task.CompletedTask;
        }
        if (resourceVersion is not null && resourceVersion != (string?)current["metadata"]!["resourceVersion"])
        {
            throw new ConflictException($"{key} changed since it was read");
        }
        Writes.Add($"delete {key} resourceVersion={resourceVersion}");
        _objects.Remove(key);
        return Task.CompletedTask;
    }

    public Task<JsonObject> ApplyAsync(JsonObject body, string fieldManager, bool force, CancellationToken cancellationToken)
    {
        var key = Key(body);
        Writes.Add($"apply {key} fieldManager={fieldManager} force={force}");
        if (_objects.TryGetValue(key, out var current))
        {
            // Server-side apply of a whole object by its manager: the applied fields replace
            // ours; labels and annotations others set stay.
            var merged = body.DeepClone().AsObject();
            foreach (var part in (string[])["labels", "annotations"])
            {
                if (current["metadata"]?[part] is JsonObject kept)
                {
                    var target = merged["metadata"]![part] as JsonObject ?? [];
                    foreach (var (k, v) in kept)
                    {
                        if (!target.ContainsKey(k))
                        {
                            target[k] = v?.DeepClone();
                        }
                    }
                    merged["metadata"]![part] = target;
                }
            }
            return Task.FromResult(Store(merged));
        }
        return Task.FromResult(Store(body));
    }

    private JsonObject Store(JsonObject body)
    {
        var stored = body.DeepClone().AsObject();
        stored["metadata"]!["resourceVersion"] = (++_version).ToString(CultureInfo.InvariantCulture);
        _objects[Key(stored)] = stored;
        return stored.DeepClone().AsObject();
    }

    private static string Key(ObjectRef target) => $"{target.Kind}/{target.Namespace}/{target.Name}";

    private static string Key(JsonObject obj) => $"{obj["kind"]}/{obj["metadata"]!["namespace"]}/{obj["metadata"]!["name"]}";
}
