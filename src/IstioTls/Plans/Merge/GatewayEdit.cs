using System.Text.Json.Nodes;
using IstioTls.Documents;
using IstioTls.Model;

namespace IstioTls.Plans.Merge;

/// <summary>What the plan does to one Gateway, over all groups: servers that become merged
/// servers, servers that move away. Every other server stays as written, in its place.</summary>
internal sealed class GatewayEdit(Gateway gateway, ObjectsAsRead objects)
{
    private readonly Dictionary<int, MergedServer> _merged = [];
    private readonly HashSet<int> _removed = [];
    private readonly HashSet<int> _givenAway = [];
    private readonly SortedSet<string> _givesTo = new(StringComparer.Ordinal);

    public Gateway Gateway => gateway;

    /// <summary>The Gateway as read.</summary>
    public JsonObject Original => objects.Of(gateway);

    /// <summary>True when the Gateway holds a merged server: a survivor.</summary>
    public bool IsSurvivor => _merged.Count > 0;

    /// <summary>True when no server is left: the Gateway is deleted.</summary>
    public bool IsEmptied => _merged.Count == 0 && _removed.Count == gateway.Servers.Count;

    /// <summary>The survivors this Gateway moves servers to (not itself), by name: a
    /// VirtualService that names this Gateway names them in this order, whichever group came
    /// first, so that a re-run of a half-applied plan writes the list an uninterrupted run
    /// writes (the groups of a re-run can come in another order).</summary>
    public IReadOnlyList<string> GivesTo => [.. _givesTo];

    public IEnumerable<int> Removed => _removed.Order();

    /// <summary>The removed servers that move to other Gateways (not into this one's merged server).</summary>
    public IEnumerable<int> GivenAway => _givenAway.Order();

    /// <summary>Merged servers by index: the hosts the survivor write lists, and as finally written.</summary>
    public IEnumerable<(int Index, IReadOnlyList<ServerHost> First, IReadOnlyList<ServerHost> Final)> Merged =>
        _merged.OrderBy(m => m.Key).Select(m => (m.Key, m.Value.First, m.Value.Final));

    /// <summary>True when a merged server gets its wildcard in a later write.</summary>
    public bool HasWildcard => _merged.Values.Any(m => m.WildcardLater);

    /// <summary>For each merged server that gets its wildcard in a later write, the Gateways that
    /// hold its group's servers.</summary>
    public IEnumerable<IReadOnlyList<string>> WildcardGroups =>
        _merged.OrderBy(m => m.Key).Where(m => m.Value.WildcardLater).Select(m => m.Value.From);

    public int ServersLeft => gateway.Servers.Count - _removed.Count;

    /// <summary><paramref name="from"/>: the Gateways that hold the group's servers. A wildcard
    /// is written last, so as not to stop shadowing servers still in other Gateways (see
    /// <c>WriteOrder</c>); a group whose servers are all in this Gateway gets it in the survivor
    /// write, which removes them all: there is nothing to shadow, and no later write that a
    /// re-run could not see.</summary>
    public void Merge(Server server, IReadOnlyList<ServerHost> exact, IReadOnlyList<ServerHost> final, IReadOnlyList<string> from) =>
        _merged[server.Index] = new MergedServer(from.All(g => g == gateway.Key) ? final : exact, final, from);

    public void Remove(Server server, Gateway survivor)
    {
        _removed.Add(server.Index);
        if (survivor == gateway)
        {
            return;
        }
        _givenAway.Add(server.Index);
        _givesTo.Add(survivor.Key);
    }

    /// <summary>The Gateway's spec after the edit; with <paramref name="final"/> false, merged
    /// servers list every host instead of a wildcard that comes later.</summary>
    public JsonNode Spec(bool final = true) => Spec(_removed, final, merge: true);

    /// <summary>The Gateway's spec with only the servers it gives to other Gateways removed, and
    /// nothing merged yet: a survivor that also gives servers away sheds them first.</summary>
    public JsonNode Shed() => Spec(_givenAway, final: false, merge: false);

    private JsonObject Spec(IReadOnlySet<int> removed, bool final, bool merge)
    {
        var spec = Original["spec"]!.DeepClone().AsObject();
        var servers = new JsonArray();
        foreach (var server in gateway.Servers.Where(s => !removed.Contains(s.Index)))
        {
            var json = ServerJson.Of(objects, server).DeepClone().AsObject();
            if (merge && _merged.TryGetValue(server.Index, out var merged))
            {
                json["hosts"] = new JsonArray([.. (final ? merged.Final : merged.First).Select(h => (JsonNode?)JsonValue.Create(h.ToString()))]);
            }
            servers.Add((JsonNode)json);
        }
        spec["servers"] = servers;
        return spec;
    }

    private sealed record MergedServer(IReadOnlyList<ServerHost> First, IReadOnlyList<ServerHost> Final, IReadOnlyList<string> From)
    {
        public bool WildcardLater => !First.SequenceEqual(Final);
    }
}
