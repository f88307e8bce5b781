using System.Text.RegularExpressions;
using YamlDotNet.RepresentationModel;

namespace IstioTls.BrowserTests.Support;

/// <summary>
/// One Kubernetes object of a manifest: its YAML text as written (so that the CLI reads exactly
/// what the stand-in was built from) and its parsed tree.
/// </summary>
public sealed partial record KubeObject(string Text, YamlMappingNode Root)
{
    public string Kind => Root.Text("kind") ?? "";

    public string ApiGroup => (Root.Text("apiVersion") ?? "").Split('/')[0];

    public string Name => Root.Map("metadata")?.Text("name") ?? "";

    public string Namespace => Root.Map("metadata")?.Text("namespace") ?? "default";

    /// <summary>Kind, API group, namespace and name: what <c>kubectl apply</c> replaces.</summary>
    public string Key => $"{Kind}.{ApiGroup}/{Namespace}/{Name}";

    public static IReadOnlyList<KubeObject> Parse(string yaml)
    {
        var objects = new List<KubeObject>();
        foreach (var chunk in DocumentSeparator().Split(yaml))
        {
            var stream = new YamlStream();
            stream.Load(new StringReader(chunk));
            if (stream.Documents.Count > 0 && stream.Documents[0].RootNode is YamlMappingNode root && root.Text("kind") is not null)
            {
                objects.Add(new KubeObject(chunk.Trim('\n') + "\n", root));
            }
        }
        return objects;
    }

    public static IReadOnlyList<KubeObject> Load(params string[] files) => [.. files.SelectMany(f => Parse(File.ReadAllText(f)))];

    public static string Join(IEnumerable<KubeObject> objects) => string.Join("---\n", objects.Select(o => o.Text));

    [GeneratedRegex(@"^---[ \t]*$", RegexOptions.Multiline)]
    private static partial Regex DocumentSeparator();
}

/// <summary>Reading a parsed YAML tree without ceremony: absent keys are null.</summary>
public static class YamlNodes
{
    public static YamlNode? Get(this YamlMappingNode node, string key) =>
        node.Children.TryGetValue(new YamlScalarNode(key), out var value) ? value : null;

    public static string? Text(this YamlMappingNode node, string key) => (node.Get(key) as YamlScalarNode)?.Value;

    public static YamlMappingNode? Map(this YamlMappingNode node, string key) => node.Get(key) as YamlMappingNode;

    public static IEnumerable<YamlMappingNode> Maps(this YamlMappingNode node, string key) =>
        (node.Get(key) as YamlSequenceNode)?.Children.OfType<YamlMappingNode>() ?? [];

    public static IEnumerable<string> Texts(this YamlMappingNode node, string key) =>
        (node.Get(key) as YamlSequenceNode)?.Children.OfType<YamlScalarNode>().Select(s => s.Value ?? "") ?? [];

    public static IReadOnlyDictionary<string, string> Labels(this YamlMappingNode? node) =>
        node?.Children.ToDictionary(c => ((YamlScalarNode)c.Key).Value ?? "", c => (c.Value as YamlScalarNode)?.Value ?? "") ?? [];
}
