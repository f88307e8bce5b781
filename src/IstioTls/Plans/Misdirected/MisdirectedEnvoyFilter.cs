using System.Text.Json.Nodes;
using IstioTls.Model;
using IstioTls.Analysis;
using IstioTls.Analysis.Misdirected;

namespace IstioTls.Plans.Misdirected;

/// <summary>One config patch: the Lua for a listener port (null: every listener of the workload);
/// with <paramref name="ListenerName"/>, only the listener of that bind address.</summary>
public sealed record LuaPatch(int? ListenerPort, string Lua, string? ListenerName = null);

/// <summary>
/// The EnvoyFilter that installs the 421 Lua on one gateway workload, as Istio wants it: scoped
/// by <c>workloadSelector</c> in the workload's namespace, <c>context: GATEWAY</c>, inserted first
/// in the HTTP connection manager's filters (before JWT and RBAC filters, which would answer
/// 401/403 first), the code in <c>default_source_code.inline_string</c> (<c>inline_code</c> is
/// deprecated), and labelled as this tool's.
/// </summary>
public static class MisdirectedEnvoyFilter
{
    public const string ApiVersion = "networking.istio.io/v1alpha3";
    public const string Kind = "EnvoyFilter";
    public const string HttpConnectionManager = "envoy.filters.network.http_connection_manager";
    public const string LuaTypeUrl = "type.googleapis.com/envoy.extensions.filters.http.lua.v3.Lua";

    /// <summary>The HTTP filter's name in Envoy's filter chain.</summary>
    public const string FilterName = "istio-tls.misdirected";

    public static ObjectRef Ref(FilterTarget target) => new(ApiVersion, Kind, target.Namespace, target.Name);

    public static JsonObject Build(FilterTarget target, MisdirectedMode mode, IReadOnlyList<LuaPatch> patches, string? hostTableHash)
    {
        var labels = new JsonObject
        {
            [MisdirectedFilterMarks.ManagedByLabel] = MisdirectedFilterMarks.ManagedBy,
            [MisdirectedFilterMarks.ModeLabel] = mode.ToName(),
        };
        var metadata = new JsonObject
        {
            ["name"] = target.Name,
            ["namespace"] = target.Namespace,
            ["labels"] = labels,
        };
        if (hostTableHash is not null)
        {
            metadata["annotations"] = new JsonObject { [MisdirectedFilterMarks.HostTableAnnotation] = hostTableHash };
        }
        else if (!target.AtRisk)
        {
            // Installed on purpose where no certificate is shared: check would call it unneeded.
            metadata["annotations"] = new JsonObject { [Suppression.Annotation] = FindingCodes.UnneededMisdirectedFilter };
        }
        var selector = new JsonObject();
        foreach (var (key, value) in target.Selector)
        {
            selector[key] = value;
        }
        var configPatches = new JsonArray();
        foreach (var patch in patches)
        {
            configPatches.Add((JsonNode)Patch(patch));
        }
        return new JsonObject
        {
            ["apiVersion"] = ApiVersion,
            ["kind"] = Kind,
            ["metadata"] = metadata,
            ["spec"] = new JsonObject
            {
                ["workloadSelector"] = new JsonObject { ["labels"] = selector },
                ["configPatches"] = configPatches,
            },
        };
    }

    private static JsonObject Patch(LuaPatch patch)
    {
        var listener = new JsonObject();
        if (patch.ListenerPort is { } port)
        {
            listener["portNumber"] = port;
        }
        if (patch.ListenerName is { } name)
        {
            listener["name"] = name;
        }
        listener["filterChain"] = new JsonObject
        {
            ["filter"] = new JsonObject { ["name"] = HttpConnectionManager },
        };
        return new JsonObject
        {
            ["applyTo"] = "HTTP_FILTER",
            ["match"] = new JsonObject
            {
                ["context"] = "GATEWAY",
                ["listener"] = listener,
            },
            ["patch"] = new JsonObject
            {
                ["operation"] = "INSERT_FIRST",
                ["value"] = new JsonObject
                {
                    ["name"] = FilterName,
                    ["typed_config"] = new JsonObject
                    {
                        ["@type"] = LuaTypeUrl,
                        ["default_source_code"] = new JsonObject { ["inline_string"] = patch.Lua },
                    },
                },
            },
        };
    }
}
