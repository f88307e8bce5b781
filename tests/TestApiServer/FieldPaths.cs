using System.Text.Json.Nodes;

namespace IstioTls.TestApiServer;

/// <summary>
/// Field paths for the simple ownership model behind metadata.managedFields: maps are walked,
/// lists and scalars are leaves (lists atomic, as for CRDs without list-type markers).
/// </summary>
internal static class FieldPaths
{
    const char Sep = '\u001f';

    public static HashSet<string> Leaves(JsonObject obj)
    {
        var set = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (key, value) in obj)
        {
            switch (key)
            {
                case "apiVersion" or "kind":
                    break;
                case "metadata" when value is JsonObject meta:
                    foreach (var m in new[] { "labels", "annotations" })
                    {
                        if (meta[m] is JsonObject map)
                        {
                            Walk(map, "metadata" + Sep + m, set);
                        }
                    }
                    foreach (var m in new[] { "finalizers", "ownerReferences" })
                    {
                        if (meta.ContainsKey(m))
                        {
                            set.Add("metadata" + Sep + m);
                        }
                    }
                    break;
                default:
                    Walk(value, key, set);
                    break;
            }
        }
        return set;
    }

    static void Walk(JsonNode? node, string path, HashSet<string> set)
    {
        if (node is JsonObject o && o.Count > 0)
        {
            foreach (var (k, v) in o)
            {
                Walk(v, path + Sep + k, set);
            }
        }
        else
        {
            set.Add(path);
        }
    }

    public static JsonNode? ValueAt(JsonObject obj, string path)
    {
        JsonNode? node = obj;
        foreach (var part in path.Split(Sep))
        {
            if (node is not JsonObject o || !o.TryGetPropertyValue(part, out node))
            {
                return null;
            }
        }
        return node;
    }

    public static bool Has(JsonObject obj, string path)
    {
        JsonNode? node = obj;
        foreach (var part in path.Split(Sep))
        {
            if (node is not JsonObject o || !o.TryGetPropertyValue(part, out node))
            {
                return false;
            }
        }
        return true;
    }

    public static void SetAt(JsonObject obj, string path, JsonNode? value)
    {
        var parts = path.Split(Sep);
        var node = obj;
        foreach (var part in parts[..^1])
        {
            if (node[part] is not JsonObject child)
            {
                child = new JsonObject();
                node[part] = child;
            }
            node = child;
        }
        node[parts[^1]] = value?.DeepClone();
    }

    /// <summary>Removes a leaf and then any map it leaves empty, but never a top-level field.</summary>
    public static void RemoveAt(JsonObject obj, string path)
    {
        var parts = path.Split(Sep);
        var chain = new List<JsonObject> { obj };
        foreach (var part in parts[..^1])
        {
            if (chain[^1][part] is not JsonObject child)
            {
                return;
            }
            chain.Add(child);
        }
        chain[^1].Remove(parts[^1]);
        for (var i = chain.Count - 1; i >= 2 && chain[i].Count == 0; i--)
        {
            chain[i - 1].Remove(parts[i - 1]);
        }
    }

    public static JsonObject ToFieldsV1(IEnumerable<string> paths)
    {
        var root = new JsonObject();
        foreach (var path in paths.Order(StringComparer.Ordinal))
        {
            var node = root;
            foreach (var part in path.Split(Sep))
            {
                var key = "f:" + part;
                if (node[key] is not JsonObject child)
                {
                    child = new JsonObject();
                    node[key] = child;
                }
                node = child;
            }
        }
        return root;
    }

    public static HashSet<string> FromFieldsV1(JsonObject? fields)
    {
        var set = new HashSet<string>(StringComparer.Ordinal);
        if (fields is not null)
        {
            Collect(fields, null, set);
        }
        return set;
    }

    static void Collect(JsonObject node, string? path, HashSet<string> set)
    {
        var children = node.Where(kv => kv.Key != ".").ToList();
        if (children.Count == 0 && path is not null)
        {
            set.Add(path);
            return;
        }
        foreach (var (k, v) in children)
        {
            var part = k.StartsWith("f:", StringComparison.Ordinal) ? k[2..] : k;
            var next = path is null ? part : path + Sep + part;
            if (v is JsonObject child)
            {
                Collect(child, next, set);
            }
            else
            {
                set.Add(next);
            }
        }
    }

    public static string Display(string path) => "." + path.Replace(Sep, '.');
}
