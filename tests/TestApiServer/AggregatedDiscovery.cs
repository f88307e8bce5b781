using System.Text.Json.Nodes;

namespace IstioTls.TestApiServer;

/// <summary>
/// apidiscovery.k8s.io APIGroupDiscoveryList for /api and /apis: what kubectl 1.32 asks for first and a
/// real 1.32 server answers, so one request replaces the walk over every /apis/{group}/{version}.
/// </summary>
internal sealed class AggregatedDiscovery(ResourceCatalog catalog)
{
    static readonly string[] Verbs = ["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"];

    public static string ContentType(string version) => $"application/json;g=apidiscovery.k8s.io;v={version};as=APIGroupDiscoveryList";

    /// <summary>The discovery version the Accept header asks for (v2 preferred), or null for legacy discovery.</summary>
    public static string? Negotiate(string accept)
    {
        string? best = null;
        foreach (var range in accept.Split(','))
        {
            var parameters = range.Split(';').Select(p => p.Trim()).ToList();
            if (!parameters.Contains("as=APIGroupDiscoveryList") || !parameters.Contains("g=apidiscovery.k8s.io"))
            {
                continue;
            }
            if (parameters.Contains("v=v2"))
            {
                return "v2";
            }
            if (parameters.Contains("v=v2beta1"))
            {
                best ??= "v2beta1";
            }
        }
        return best;
    }

    public JsonObject Document(bool core, string version) => new()
    {
        ["kind"] = "APIGroupDiscoveryList",
        ["apiVersion"] = $"apidiscovery.k8s.io/{version}",
        ["metadata"] = new JsonObject(),
        ["items"] = new JsonArray([.. catalog.ServedGroups.Where(g => (g.Length == 0) == core).Select(g => (JsonNode)Group(g))]),
    };

    JsonObject Group(string group)
    {
        var meta = new JsonObject();
        if (group.Length > 0)
        {
            meta["name"] = group;
        }
        meta["creationTimestamp"] = null;
        return new JsonObject
        {
            ["metadata"] = meta,
            // The first version listed is the preferred one.
            ["versions"] = new JsonArray([.. catalog.ServedVersions(group).Select(v => (JsonNode)new JsonObject
            {
                ["version"] = v,
                ["resources"] = new JsonArray([.. catalog.ServedTypes(group, v).Select(t => (JsonNode)Resource(t, v))]),
                ["freshness"] = "Current",
            })]),
        };
    }

    static JsonObject Resource(ResourceType t, string version)
    {
        var r = new JsonObject
        {
            ["resource"] = t.Resource,
            ["responseKind"] = new JsonObject { ["group"] = t.Group, ["version"] = version, ["kind"] = t.Kind },
            ["scope"] = t.Namespaced ? "Namespaced" : "Cluster",
            ["singularResource"] = t.Singular,
            ["verbs"] = new JsonArray([.. Verbs.Select(v => (JsonNode)v)]),
        };
        if (t.ShortNames.Count > 0)
        {
            r["shortNames"] = new JsonArray([.. t.ShortNames.Select(s => (JsonNode)s)]);
        }
        if (t.Categories.Count > 0)
        {
            r["categories"] = new JsonArray([.. t.Categories.Select(c => (JsonNode)c)]);
        }
        return r;
    }
}
