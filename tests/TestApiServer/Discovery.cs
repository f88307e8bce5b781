using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace IstioTls.TestApiServer;

/// <summary>Legacy (non-aggregated) discovery documents, built once from the catalog.</summary>
internal sealed class Discovery
{
    static readonly string[] Verbs = ["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"];

    readonly ResourceCatalog _catalog;
    readonly string _kubernetesVersion;

    public Discovery(ResourceCatalog catalog, string kubernetesVersion)
    {
        _catalog = catalog;
        _kubernetesVersion = kubernetesVersion;
    }

    public JsonObject Version()
    {
        var v = _kubernetesVersion.TrimStart('v').Split('.', '-', '+');
        return new JsonObject
        {
            ["major"] = v[0],
            ["minor"] = v.Length > 1 ? v[1] : "0",
            ["gitVersion"] = _kubernetesVersion,
            ["gitCommit"] = "70d3cc986aa8221cd1dfb1121852688902d3bf53",
            ["gitTreeState"] = "clean",
            ["buildDate"] = "2024-12-11T17:59:15Z",
            ["goVersion"] = "go1.23.3",
            ["compiler"] = "gc",
            ["platform"] = "linux/amd64",
        };
    }

    public JsonObject CoreVersions(string serverAddress) => new()
    {
        ["kind"] = "APIVersions",
        ["versions"] = new JsonArray("v1"),
        ["serverAddressByClientCIDRs"] = new JsonArray(new JsonObject { ["clientCIDR"] = "0.0.0.0/0", ["serverAddress"] = serverAddress }),
    };

    public JsonObject GroupList() => new()
    {
        ["kind"] = "APIGroupList",
        ["apiVersion"] = "v1",
        ["groups"] = new JsonArray([.. _catalog.ServedGroups.Where(g => g.Length > 0).Select(g => (JsonNode)GroupBody(g))]),
    };

    public JsonObject? Group(string group)
    {
        if (group.Length == 0 || _catalog.ServedVersions(group).Count == 0)
        {
            return null;
        }
        var body = GroupBody(group);
        var result = new JsonObject { ["kind"] = "APIGroup", ["apiVersion"] = "v1" };
        foreach (var (k, v) in body)
        {
            result[k] = v?.DeepClone();
        }
        return result;
    }

    JsonObject GroupBody(string group)
    {
        JsonObject Gv(string version) => new() { ["groupVersion"] = $"{group}/{version}", ["version"] = version };
        return new JsonObject
        {
            ["name"] = group,
            ["versions"] = new JsonArray([.. _catalog.ServedVersions(group).Select(v => (JsonNode)Gv(v))]),
            ["preferredVersion"] = Gv(_catalog.PreferredVersion(group)!),
        };
    }

    public JsonObject? ResourceList(string group, string version)
    {
        var types = _catalog.ServedTypes(group, version).ToList();
        if (types.Count == 0)
        {
            return null;
        }
        var list = new JsonObject { ["kind"] = "APIResourceList" };
        if (group.Length > 0)
        {
            list["apiVersion"] = "v1";
        }
        list["groupVersion"] = group.Length == 0 ? version : $"{group}/{version}";
        list["resources"] = new JsonArray([.. types.Select(t => (JsonNode)Resource(t))]);
        return list;
    }

    static JsonObject Resource(ResourceType t)
    {
        var r = new JsonObject
        {
            ["name"] = t.Resource,
            ["singularName"] = t.Singular,
            ["namespaced"] = t.Namespaced,
            ["kind"] = t.Kind,
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
        r["storageVersionHash"] = StorageVersionHash(t);
        return r;
    }

    // Same recipe as the real server: first 8 bytes of sha256("group/version/kind"), base64.
    static string StorageVersionHash(ResourceType t) =>
        Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes($"{t.Group}/{t.Versions[0]}/{t.Kind}")).AsSpan(0, 8).ToArray());
}
