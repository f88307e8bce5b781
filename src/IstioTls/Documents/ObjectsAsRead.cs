using System.Text.Json.Nodes;
using IstioTls.Model;

namespace IstioTls.Documents;

/// <summary>
/// The objects a source read, whole, keyed by what names them: what plans that write objects
/// back (merge) start from, so that every field the model does not know survives. Sources fill
/// it only when asked; <c>check</c> never keeps the trees, which are most of the memory.
/// </summary>
public sealed class ObjectsAsRead
{
    private readonly Dictionary<ObjectRef, JsonObject> _objects = [];

    public int Count => _objects.Count;

    /// <summary>Keeps the first object of a name, as the snapshot keeps the first definition.</summary>
    public void Add(ObjectRef target, JsonObject obj) => _objects.TryAdd(target, obj);

    /// <summary>The object <paramref name="config"/> was decoded from.</summary>
    public JsonObject Of(ConfigObject config) =>
        _objects.TryGetValue(config.Ref, out var obj)
            ? obj
            : throw new KeyNotFoundException($"{config.Ref} was not kept when it was read");
}
