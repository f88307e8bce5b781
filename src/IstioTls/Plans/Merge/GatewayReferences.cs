using System.Text.Json.Nodes;
using IstioTls.Documents;
using IstioTls.Model;

namespace IstioTls.Plans.Merge;

/// <summary>
/// Repoints a VirtualService's Gateway references (<c>spec.gateways</c> and every
/// <c>http|tls|tcp[].match[].gateways</c>): where a list names a Gateway that gives servers to a
/// survivor, the survivor is named as <c>namespace/name</c> right after it; the old name goes
/// when its Gateway is deleted and stays when the Gateway keeps other servers. A name means the
/// VirtualService's own namespace when it has no slash; <c>mesh</c> is never touched. Names the
/// merge does not concern are left exactly as written.
/// </summary>
internal sealed class GatewayReferences(
    ObjectsAsRead objects,
    IReadOnlyDictionary<string, IReadOnlyList<string>> survivorsOf,
    IReadOnlySet<string> deleted)
{

    /// <summary>The same repointing, naming only the survivors <paramref name="included"/> keeps:
    /// the VirtualService writes of one round of survivors (see <c>WriteOrder</c>).</summary>
    public GatewayReferences Only(Func<string, bool> included) => new(
        objects,
        survivorsOf
            .Select(e => (e.Key, Survivors: (IReadOnlyList<string>)[.. e.Value.Where(included)]))
            .Where(e => e.Survivors.Count > 0)
            .ToDictionary(e => e.Key, e => e.Survivors, StringComparer.Ordinal),
        deleted);

    public bool Concerns(VirtualService vs) =>
        vs.GatewayReferences.Any(r => vs.ResolveGateway(r.Name) is { } key && survivorsOf.ContainsKey(key));

    /// <summary>The VirtualService's spec with its references repointed. With
    /// <paramref name="keepDeleted"/>, names of deleted Gateways stay: the form written before the
    /// survivor serves the hosts, so that the routes are bound through both meanwhile.</summary>
    public JsonNode? Rewrite(VirtualService vs, bool keepDeleted)
    {
        var spec = objects.Of(vs)["spec"]?.DeepClone();
        if (spec is not JsonObject map)
        {
            return spec;
        }
        foreach (var (_, list) in Lists(map))
        {
            Repoint(vs, list as JsonArray, keepDeleted);
        }
        return map;
    }

    private void Repoint(VirtualService vs, JsonArray? list, bool keepDeleted)
    {
        if (list is null)
        {
            return;
        }
        var merged = new HashSet<string>(StringComparer.Ordinal);
        var result = new List<JsonNode?>();
        void Name(string key, JsonNode? written)
        {
            if (merged.Add(key))
            {
                result.Add(written);
            }
        }
        foreach (var item in list)
        {
            var key = item is JsonValue v && v.TryGetValue(out string? name) ? vs.ResolveGateway(name) : null;
            if (key is not null && survivorsOf.TryGetValue(key, out var survivors))
            {
                if (keepDeleted || !deleted.Contains(key))
                {
                    Name(key, item?.DeepClone());
                }
                foreach (var survivor in survivors)
                {
                    Name(survivor, JsonValue.Create(survivor));
                }
            }
            else if (key is not null && IsMergeTarget(key))
            {
                Name(key, item?.DeepClone());
            }
            else
            {
                result.Add(item?.DeepClone());
            }
        }
        list.Clear();
        foreach (var node in result)
        {
            list.Add(node);
        }
    }

    private bool IsMergeTarget(string key) => survivorsOf.Values.Any(s => s.Contains(key, StringComparer.Ordinal));

    /// <summary>The gateway lists of a VirtualService spec, where <see cref="GatewayReferencePlaces"/> says they are.</summary>
    public static IEnumerable<(string Section, JsonNode? List)> Lists(JsonNode? spec) =>
        GatewayReferencePlaces.Lists(spec, (node, key) => (node as JsonObject)?[key], node => node as JsonArray ?? []);
}
