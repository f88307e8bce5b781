using System.Text.Json.Nodes;

namespace IstioTls.TestApiServer;

/// <summary>Reads Kubernetes manifests: files or directories of .yaml/.yml/.json, multi-document, kind: List.</summary>
public static class Manifests
{
    public static List<JsonObject> Load(string path)
    {
        if (Directory.Exists(path))
        {
            return [.. Directory.EnumerateFiles(path, "*", SearchOption.AllDirectories)
                .Where(IsManifest)
                .Order(StringComparer.Ordinal)
                .SelectMany(LoadFile)];
        }
        if (File.Exists(path))
        {
            return LoadFile(path);
        }
        throw new FileNotFoundException($"seed path not found: {path}", path);
    }

    static bool IsManifest(string file) =>
        Path.GetExtension(file).ToLowerInvariant() is ".yaml" or ".yml" or ".json";

    static List<JsonObject> LoadFile(string file)
    {
        var text = File.ReadAllText(file);
        try
        {
            return Parse(text, Path.GetExtension(file).Equals(".json", StringComparison.OrdinalIgnoreCase));
        }
        catch (FormatException e)
        {
            throw new FormatException($"{file}: {e.Message}", e);
        }
    }

    public static List<JsonObject> Parse(string text, bool json = false)
    {
        IEnumerable<JsonNode> docs = json
            ? [JsonNode.Parse(text) ?? throw new FormatException("empty JSON document")]
            : Yaml.ParseDocuments(text);
        var result = new List<JsonObject>();
        foreach (var doc in docs)
        {
            Flatten(doc, result);
        }
        return result;
    }

    static void Flatten(JsonNode doc, List<JsonObject> into)
    {
        if (doc is not JsonObject obj)
        {
            throw new FormatException("a manifest document must be an object");
        }
        var kind = Json.String(obj, "kind");
        if (kind is not null && kind.EndsWith("List", StringComparison.Ordinal) && obj["items"] is JsonArray items)
        {
            foreach (var item in items.OfType<JsonNode>())
            {
                Flatten(item.DeepClone(), into);
            }
            return;
        }
        into.Add(obj);
    }

    /// <summary>Writes objects as one multi-document YAML file.</summary>
    public static void Write(string file, IEnumerable<JsonObject> objects) =>
        File.WriteAllText(file, Yaml.Emit(objects));
}
