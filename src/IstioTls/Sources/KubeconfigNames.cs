using System.Text.Json.Nodes;
using IstioTls.Documents;

namespace IstioTls.Sources;

/// <summary>
/// The context, cluster and user names of the user's kubeconfig, for shell completion: found as
/// kubectl finds the files (<c>--kubeconfig</c>, else the <c>KUBECONFIG</c> path list, else
/// <c>~/.kube/config</c>) and read with the project's YAML reader. Completion must never fail, so
/// a missing or unreadable file adds no names instead of an error.
/// </summary>
public sealed record KubeconfigNames(IReadOnlyList<string> Contexts, IReadOnlyList<string> Clusters, IReadOnlyList<string> Users)
{
    public static IReadOnlyList<string> Paths(string? kubeconfigFlag, Func<string, string?> environment, string home)
    {
        if (!string.IsNullOrEmpty(kubeconfigFlag))
        {
            return [kubeconfigFlag];
        }
        var list = environment("KUBECONFIG");
        if (!string.IsNullOrEmpty(list))
        {
            return list.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct(StringComparer.Ordinal).ToArray();
        }
        return [Path.Combine(home, ".kube", "config")];
    }

    /// <summary>The names in all the files, in file order, each once (kubectl merges the files
    /// and the first one that defines a name wins).</summary>
    public static KubeconfigNames Read(IEnumerable<string> paths)
    {
        var contexts = new List<string>();
        var clusters = new List<string>();
        var users = new List<string>();
        foreach (var path in paths)
        {
            if (ReadFile(path) is not JsonObject config)
            {
                continue;
            }
            AddNames(config["contexts"], contexts);
            AddNames(config["clusters"], clusters);
            AddNames(config["users"], users);
        }
        return new KubeconfigNames(contexts, clusters, users);
    }

    private static JsonNode? ReadFile(string path)
    {
        try
        {
            using var text = File.OpenText(path);
            return YamlDocumentReader.Read(text, path).FirstOrDefault()?.Root;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or DocumentException)
        {
            return null;
        }
    }

    private static void AddNames(JsonNode? entries, List<string> names)
    {
        if (entries is not JsonArray array)
        {
            return;
        }
        foreach (var entry in array)
        {
            // A plain scalar name such as 1234 reads as a number; kubectl takes it as text.
            if (entry is JsonObject item && item["name"] is JsonValue value && value.ToString() is { Length: > 0 } name && !names.Contains(name, StringComparer.Ordinal))
            {
                names.Add(name);
            }
        }
    }
}
