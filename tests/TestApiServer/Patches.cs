using System.Globalization;
using System.Text.Json.Nodes;

namespace IstioTls.TestApiServer;

/// <summary>The PATCH body formats: JSON merge patch, JSON patch, and strategic merge patch (approximated).</summary>
internal static class Patches
{
    /// <summary>RFC 7386: objects merge key by key, null deletes, anything else replaces.</summary>
    public static JsonNode? MergePatch(JsonNode? target, JsonNode? patch)
    {
        if (patch is not JsonObject patchObj)
        {
            return patch?.DeepClone();
        }
        var result = target is JsonObject t ? (JsonObject)t.DeepClone() : new JsonObject();
        foreach (var (key, value) in patchObj)
        {
            if (value is null)
            {
                result.Remove(key);
            }
            else
            {
                result[key] = MergePatch(result[key], value);
            }
        }
        return result;
    }

    /// <summary>
    /// Strategic merge patch without schemas: its $-directives are dropped and the rest merged like a
    /// merge patch, so lists are replaced whole instead of merged by key. Good enough for kubectl's
    /// client-side apply of small core objects in tests.
    /// </summary>
    public static JsonNode? StrategicMergePatch(JsonNode? target, JsonNode? patch) => MergePatch(target, StripDirectives(patch));

    static JsonNode? StripDirectives(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject o:
                var copy = new JsonObject();
                foreach (var (k, v) in o)
                {
                    if (!k.StartsWith('$'))
                    {
                        copy[k] = StripDirectives(v);
                    }
                }
                return copy;
            case JsonArray a:
                return new JsonArray([.. a.Where(e => e is not JsonObject eo || !eo.ContainsKey("$patch")).Select(StripDirectives)]);
            default:
                return node?.DeepClone();
        }
    }

    /// <summary>RFC 6902 JSON patch.</summary>
    public static JsonNode? JsonPatch(JsonNode? target, JsonArray operations)
    {
        var doc = target?.DeepClone();
        foreach (var op in operations)
        {
            if (op is not JsonObject o)
            {
                throw ApiErrors.BadRequest("json patch operation is not an object");
            }
            var kind = Json.String(o, "op");
            var path = Json.String(o, "path") ?? throw ApiErrors.BadRequest("json patch operation has no path");
            switch (kind)
            {
                case "add":
                    doc = Add(doc, path, o["value"]?.DeepClone());
                    break;
                case "remove":
                    doc = Remove(doc, path, out _);
                    break;
                case "replace":
                    doc = Remove(doc, path, out _);
                    doc = Add(doc, path, o["value"]?.DeepClone());
                    break;
                case "move":
                    {
                        var from = Json.String(o, "from") ?? throw ApiErrors.BadRequest("move needs from");
                        doc = Remove(doc, from, out var moved);
                        doc = Add(doc, path, moved);
                        break;
                    }
                case "copy":
                    {
                        var from = Json.String(o, "from") ?? throw ApiErrors.BadRequest("copy needs from");
                        doc = Add(doc, path, Resolve(doc, from)?.DeepClone());
                        break;
                    }
                case "test":
                    if (!JsonNode.DeepEquals(Resolve(doc, path), o["value"]))
                    {
                        throw new ApiException(422, "Invalid", $"the server rejected our request due to an error in our request: testing value {path} failed");
                    }
                    break;
                default:
                    throw ApiErrors.BadRequest($"unexpected kind of json patch operation: {kind}");
            }
        }
        return doc;
    }

    static string[] Tokens(string pointer)
    {
        if (pointer.Length == 0)
        {
            return [];
        }
        if (pointer[0] != '/')
        {
            throw ApiErrors.BadRequest($"invalid JSON pointer {pointer}");
        }
        return [.. pointer[1..].Split('/').Select(t => t.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal))];
    }

    static JsonNode? Resolve(JsonNode? doc, string pointer)
    {
        var node = doc;
        foreach (var t in Tokens(pointer))
        {
            node = node switch
            {
                JsonObject o when o.TryGetPropertyValue(t, out var v) => v,
                JsonArray a when int.TryParse(t, CultureInfo.InvariantCulture, out var i) && i >= 0 && i < a.Count => a[i],
                _ => throw MissingPath(pointer),
            };
        }
        return node;
    }

    static ApiException MissingPath(string pointer) =>
        new(422, "Invalid", $"the server rejected our request due to an error in our request: doc is missing path: \"{pointer}\": missing value");

    static JsonNode? Add(JsonNode? doc, string pointer, JsonNode? value)
    {
        var tokens = Tokens(pointer);
        if (tokens.Length == 0)
        {
            return value;
        }
        var parent = Resolve(doc, "/" + string.Join('/', tokens[..^1].Select(Escape)));
        var last = tokens[^1];
        switch (parent)
        {
            case JsonObject o:
                o[last] = value;
                break;
            case JsonArray a when last == "-":
                a.Add(value);
                break;
            case JsonArray a when int.TryParse(last, CultureInfo.InvariantCulture, out var i) && i >= 0 && i <= a.Count:
                a.Insert(i, value);
                break;
            default:
                throw MissingPath(pointer);
        }
        return doc;
    }

    static JsonNode? Remove(JsonNode? doc, string pointer, out JsonNode? removed)
    {
        var tokens = Tokens(pointer);
        var parent = Resolve(doc, tokens.Length <= 1 ? "" : "/" + string.Join('/', tokens[..^1].Select(Escape)));
        var last = tokens.Length == 0 ? throw MissingPath(pointer) : tokens[^1];
        switch (parent)
        {
            case JsonObject o when o.TryGetPropertyValue(last, out var v):
                o.Remove(last);
                removed = v;
                break;
            case JsonArray a when int.TryParse(last, CultureInfo.InvariantCulture, out var i) && i >= 0 && i < a.Count:
                removed = a[i];
                a.RemoveAt(i);
                break;
            default:
                throw MissingPath(pointer);
        }
        return doc;
    }

    static string Escape(string token) => token.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal);
}
