namespace IstioTls.TestApiServer;

/// <summary>One kind of object the server knows, in every version it could be served in.</summary>
public sealed record ResourceType(
    string Group,
    string Resource,
    string Kind,
    string Singular,
    bool Namespaced,
    IReadOnlyList<string> Versions,
    IReadOnlyList<string> ShortNames,
    IReadOnlyList<string> Categories,
    bool IsCustomResource)
{
    public string ListKind => Kind + "List";

    /// <summary>The name the real server uses in messages: <c>gateways.networking.istio.io</c>, or <c>pods</c> for the core group.</summary>
    public string QualifiedResource => Group.Length == 0 ? Resource : Resource + "." + Group;

    public string ApiVersion(string version) => Group.Length == 0 ? version : Group + "/" + version;

    // Built-in types that have a spec bump metadata.generation; custom resources always do.
    public bool TracksGeneration => IsCustomResource || Group == "apps";

    public static bool ApiVersionIsCore(string apiVersion) => !apiVersion.Contains('/', StringComparison.Ordinal);

    public static (string Group, string Version) SplitApiVersion(string apiVersion)
    {
        var slash = apiVersion.IndexOf('/', StringComparison.Ordinal);
        return slash < 0 ? ("", apiVersion) : (apiVersion[..slash], apiVersion[(slash + 1)..]);
    }
}
