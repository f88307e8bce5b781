using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace IstioTls.TestApiServer;

/// <summary>
/// Just enough OpenAPI for kubectl: apply/create build a validator from /openapi/v2 (protobuf) and then ask
/// /openapi/v3 whether PATCH takes fieldValidation; when it does, kubectl leaves validation to the server.
/// </summary>
internal sealed class OpenApi
{
    public const string V2ProtobufType = "application/com.github.proto-openapi.spec.v2@v1.0+protobuf";

    readonly ResourceCatalog _catalog;
    readonly string _kubernetesVersion;
    readonly Dictionary<string, byte[]> _v3Documents = new(StringComparer.Ordinal);
    readonly Dictionary<string, string> _v3Hashes = new(StringComparer.Ordinal);

    public OpenApi(ResourceCatalog catalog, string kubernetesVersion)
    {
        _catalog = catalog;
        _kubernetesVersion = kubernetesVersion;
        foreach (var group in catalog.ServedGroups)
        {
            foreach (var version in catalog.ServedVersions(group))
            {
                var key = group.Length == 0 ? "api/" + version : $"apis/{group}/{version}";
                var bytes = Json.ToUtf8(GroupVersionDocument(group, version));
                _v3Documents[key] = bytes;
                _v3Hashes[key] = Convert.ToHexString(SHA512.HashData(bytes)).ToUpperInvariant();
            }
        }
    }

    /// <summary>A valid, empty swagger 2.0 document as gnostic protobuf: swagger="2.0", info{title, version}.</summary>
    public byte[] V2Protobuf()
    {
        var info = Concat(Field(1, "Kubernetes"), Field(2, _kubernetesVersion));
        return Concat(Field(1, "2.0"), Field(2, info));
    }

    public JsonObject V2Json() => new()
    {
        ["swagger"] = "2.0",
        ["info"] = new JsonObject { ["title"] = "Kubernetes", ["version"] = _kubernetesVersion },
        ["paths"] = new JsonObject(),
        ["definitions"] = new JsonObject(),
    };

    static byte[] Field(int number, string value) => Field(number, Encoding.UTF8.GetBytes(value));

    static byte[] Field(int number, byte[] payload)
    {
        var bytes = new List<byte> { (byte)((number << 3) | 2) };
        var length = payload.Length;
        do
        {
            var b = (byte)(length & 0x7f);
            length >>= 7;
            bytes.Add(length > 0 ? (byte)(b | 0x80) : b);
        }
        while (length > 0);
        bytes.AddRange(payload);
        return [.. bytes];
    }

    static byte[] Concat(params byte[][] parts) => [.. parts.SelectMany(p => p)];

    public JsonObject V3Root() => new()
    {
        ["paths"] = new JsonObject([.. _v3Documents.Keys.Select(k => KeyValuePair.Create(k, (JsonNode?)new JsonObject
        {
            ["serverRelativeURL"] = $"/openapi/v3/{k}?hash={_v3Hashes[k]}",
        }))]),
    };

    public byte[]? V3Document(string groupVersionPath) => _v3Documents.GetValueOrDefault(groupVersionPath);

    JsonObject GroupVersionDocument(string group, string version)
    {
        var paths = new JsonObject();
        var schemas = new JsonObject();
        foreach (var t in _catalog.ServedTypes(group, version))
        {
            var gvk = new JsonObject { ["group"] = group, ["version"] = version, ["kind"] = t.Kind };
            var schemaName = SchemaName(t, version);
            var prefix = group.Length == 0 ? $"/api/{version}" : $"/apis/{group}/{version}";
            var itemPath = t.Namespaced ? $"{prefix}/namespaces/{{namespace}}/{t.Resource}/{{name}}" : $"{prefix}/{t.Resource}/{{name}}";
            var reference = new JsonObject { ["$ref"] = $"#/components/schemas/{schemaName}" };
            paths[itemPath] = new JsonObject
            {
                ["get"] = Operation("get", t, gvk, reference, null),
                ["put"] = Operation("put", t, gvk, reference, ["application/json"]),
                ["patch"] = Operation("patch", t, gvk, reference, ["application/json-patch+json", "application/merge-patch+json", "application/apply-patch+yaml"]),
                ["delete"] = Operation("delete", t, gvk, reference, null),
                ["parameters"] = new JsonArray(Param("name", "path"), Param("pretty", "query")),
            };
            schemas[schemaName] = new JsonObject
            {
                ["type"] = "object",
                ["x-kubernetes-group-version-kind"] = new JsonArray(gvk.DeepClone()),
                ["x-kubernetes-preserve-unknown-fields"] = true,
            };
        }
        return new JsonObject
        {
            ["openapi"] = "3.0.0",
            ["info"] = new JsonObject { ["title"] = "Kubernetes", ["version"] = _kubernetesVersion },
            ["paths"] = paths,
            ["components"] = new JsonObject { ["schemas"] = schemas },
        };
    }

    static string SchemaName(ResourceType t, string version)
    {
        var group = t.Group.Length == 0 ? "io.k8s.api.core" : string.Join('.', t.Group.Split('.').Reverse());
        return $"{group}.{version}.{t.Kind}";
    }

    static JsonObject Operation(string action, ResourceType t, JsonObject gvk, JsonObject reference, string[]? bodyTypes)
    {
        var parameters = new JsonArray();
        if (action is "put" or "patch" or "delete")
        {
            parameters.Add(Param("dryRun", "query"));
        }
        if (action is "put" or "patch")
        {
            parameters.Add(Param("fieldManager", "query"));
            parameters.Add(Param("fieldValidation", "query"));
        }
        if (action == "patch")
        {
            parameters.Add(Param("force", "query", "boolean"));
        }
        var op = new JsonObject
        {
            ["description"] = $"{action} the specified {t.Kind}",
            ["operationId"] = action + t.Kind,
            ["parameters"] = parameters,
        };
        if (bodyTypes is not null)
        {
            op["requestBody"] = new JsonObject
            {
                ["content"] = new JsonObject([.. bodyTypes.Select(bt => KeyValuePair.Create(bt, (JsonNode?)new JsonObject { ["schema"] = reference.DeepClone() }))]),
                ["required"] = true,
            };
        }
        op["responses"] = new JsonObject
        {
            ["200"] = new JsonObject
            {
                ["description"] = "OK",
                ["content"] = new JsonObject { ["application/json"] = new JsonObject { ["schema"] = reference.DeepClone() } },
            },
        };
        op["x-kubernetes-action"] = action;
        op["x-kubernetes-group-version-kind"] = gvk.DeepClone();
        return op;
    }

    static JsonObject Param(string name, string location, string type = "string") => new()
    {
        ["name"] = name,
        ["in"] = location,
        ["schema"] = new JsonObject { ["type"] = type, ["uniqueItems"] = true },
    };
}
