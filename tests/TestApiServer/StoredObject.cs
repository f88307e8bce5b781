using System.Text.Json.Nodes;

namespace IstioTls.TestApiServer;

/// <summary>
/// An immutable stored object. It keeps its serialized JSON rather than a live node, so readers
/// on many threads never touch a shared JsonNode and a list only copies bytes.
/// </summary>
internal sealed class StoredObject
{
    readonly Lock _gate = new();
    Dictionary<string, byte[]>? _otherVersions;

    public StoredObject(string key, JsonObject node)
    {
        Key = key;
        Name = Json.MetaString(node, "name") ?? "";
        Namespace = Json.MetaString(node, "namespace");
        Uid = Json.MetaString(node, "uid") ?? "";
        ResourceVersion = Json.MetaString(node, "resourceVersion") ?? "";
        CreationTimestamp = Json.MetaString(node, "creationTimestamp");
        ApiVersion = Json.String(node, "apiVersion") ?? "";
        Labels = Json.Labels(node);
        Utf8 = Json.ToUtf8(node);
        MetadataUtf8 = Json.ToUtf8(Json.Metadata(node));
    }

    public string Key { get; }
    public string Name { get; }
    public string? Namespace { get; }
    public string Uid { get; }
    public string ResourceVersion { get; }
    public string? CreationTimestamp { get; }
    public string ApiVersion { get; }
    public IReadOnlyDictionary<string, string> Labels { get; }
    public byte[] Utf8 { get; }
    public byte[] MetadataUtf8 { get; }

    /// <summary>The object as served at another version of its group: same content, apiVersion rewritten.</summary>
    public byte[] Utf8For(string apiVersion)
    {
        if (apiVersion == ApiVersion)
        {
            return Utf8;
        }
        lock (_gate)
        {
            _otherVersions ??= new Dictionary<string, byte[]>(StringComparer.Ordinal);
            if (!_otherVersions.TryGetValue(apiVersion, out var bytes))
            {
                var node = ToNode();
                node["apiVersion"] = apiVersion;
                bytes = Json.ToUtf8(node);
                _otherVersions[apiVersion] = bytes;
            }
            return bytes;
        }
    }

    public JsonObject ToNode() => Json.ParseObject(Utf8);

    public JsonObject ToNode(string apiVersion) => Json.ParseObject(Utf8For(apiVersion));
}
