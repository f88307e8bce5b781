using System.Globalization;
using System.Text.Json.Nodes;
using IstioTls.Documents;
using IstioTls.Model;

namespace IstioTls.Sources;

/// <summary>Turns Kubernetes objects (JSON nodes) into the Istio model. Throws
/// <see cref="DecodeException"/> naming the field that cannot be read.</summary>
internal static class ObjectDecoder
{
    public const string DefaultNamespace = "default";

    public static ObjectMeta Meta(Field root)
    {
        var metadata = root["metadata"];
        var name = metadata["name"].RequiredString();
        return new ObjectMeta(
            name,
            metadata["namespace"].AsString() is { Length: > 0 } ns ? ns : DefaultNamespace,
            Timestamp(metadata["creationTimestamp"]),
            metadata["resourceVersion"].AsString(),
            metadata["labels"].AsLabelSet(),
            metadata["annotations"].AsStringMap());
    }

    public static Gateway Gateway(JsonObject obj, string apiVersion, SourceLocation source, Func<JsonNode, int?>? lineOf = null)
    {
        var root = Field.Root(obj);
        var spec = root["spec"];
        var gateway = new Gateway
        {
            ApiVersion = apiVersion,
            Meta = Meta(root),
            Selector = spec["selector"].AsLabelSet(),
            Source = source,
        };
        var servers = new List<Server>();
        var index = 0;
        foreach (var server in spec["servers"].Items())
        {
            servers.Add(Server(gateway, index++, server, lineOf));
        }
        gateway.SetServers(servers);
        return gateway;
    }

    private static Server Server(Gateway gateway, int index, Field server, Func<JsonNode, int?>? lineOf)
    {
        server.AsMap();
        var port = server["port"];
        if (port.IsMissing)
        {
            throw new DecodeException(port.Path, "is required");
        }
        var number = port["number"].AsPort() ?? throw new DecodeException(port["number"].Path, "is required");
        return new Server
        {
            Gateway = gateway,
            Index = index,
            Line = server.Node is { } node ? lineOf?.Invoke(node) : null,
            Port = new ServerPort(number, port["protocol"].AsString() ?? "", port["name"].AsString() ?? ""),
            Bind = server["bind"].AsString() is { Length: > 0 } bind ? bind : null,
            Hosts = [.. server["hosts"].AsStringList().Select(ServerHost.Parse)],
            Tls = server["tls"].IsMissing ? null : Tls(server["tls"]),
            Name = server["name"].AsString(),
        };
    }

    private static ServerTls Tls(Field tls)
    {
        tls.AsMap();
        var modeText = tls["mode"].AsString();
        var mode = TlsMode.Passthrough;
        if (modeText is not null && !TlsModes.TryParse(modeText, out mode))
        {
            throw new DecodeException(tls["mode"].Path, $"unknown TLS mode \"{modeText}\"");
        }
        var certificates = new List<string>();
        foreach (var entry in tls["tlsCertificates"].Items())
        {
            if (entry["serverCertificate"].AsString() is { } file)
            {
                certificates.Add(file);
            }
        }
        return new ServerTls(
            mode,
            tls["credentialName"].AsString() is { Length: > 0 } credential ? credential : null,
            tls["credentialNames"].AsStringList(),
            certificates,
            tls["serverCertificate"].AsString());
    }

    public static VirtualService VirtualService(JsonObject obj, string apiVersion, SourceLocation source)
    {
        var root = Field.Root(obj);
        var spec = root["spec"];
        var references = new List<GatewayReference>();
        foreach (var (section, list) in GatewayReferencePlaces.Lists(spec, (f, key) => f[key], f => f.Items()))
        {
            references.AddRange(list.AsStringList().Select(name => new GatewayReference(section, name)));
        }
        var tlsMatches = new List<TlsRouteMatch>();
        foreach (var route in spec["tls"].Items())
        {
            if (!route["route"].Items().Any())
            {
                continue;
            }
            foreach (var match in route["match"].Items())
            {
                tlsMatches.Add(new TlsRouteMatch(
                    match["sniHosts"].AsStringList(),
                    match["port"].AsInteger() is { } port ? (int)port : null,
                    match["gateways"].AsStringList()));
            }
        }
        return new VirtualService
        {
            ApiVersion = apiVersion,
            Meta = Meta(root),
            Hosts = spec["hosts"].AsStringList(),
            GatewayReferences = references,
            TlsMatches = tlsMatches,
            Source = source,
        };
    }

    public static EnvoyFilter EnvoyFilter(JsonObject obj, string apiVersion, SourceLocation source)
    {
        var root = Field.Root(obj);
        var spec = root["spec"];
        var patches = new List<EnvoyFilterPatch>();
        foreach (var patch in spec["configPatches"].Items())
        {
            var lua = new List<LuaCode>();
            CollectLua(patch["patch"]["value"].Node, lua);
            var listener = patch["match"]["listener"];
            patches.Add(new EnvoyFilterPatch(patch["patch"]["operation"].AsString(), lua)
            {
                ListenerPort = listener["portNumber"].AsInteger() is { } port and > 0 ? (int)port : null,
                ListenerName = listener["name"].AsString() is { Length: > 0 } name ? name : null,
            });
        }
        return new EnvoyFilter
        {
            ApiVersion = apiVersion,
            Meta = Meta(root),
            WorkloadSelector = spec["workloadSelector"]["labels"].AsLabelSet(),
            Patches = patches,
            Source = source,
        };
    }

    // Lua appears as inlineCode / inline_code (deprecated) or default_source_code.inline_string,
    // in either JSON or proto field casing; look for those keys anywhere in the patch value.
    private static void CollectLua(JsonNode? node, List<LuaCode> found)
    {
        switch (node)
        {
            case JsonObject map:
                foreach (var (key, value) in map)
                {
                    if (key is "inlineCode" or "inline_code" or "inlineString" or "inline_string" && value is JsonValue v && v.TryGetValue(out string? code))
                    {
                        found.Add(new LuaCode(code, Deprecated: key is "inlineCode" or "inline_code"));
                    }
                    else
                    {
                        CollectLua(value, found);
                    }
                }
                break;
            case JsonArray list:
                foreach (var item in list)
                {
                    CollectLua(item, found);
                }
                break;
        }
    }

    public static WorkloadInstance Pod(JsonObject obj)
    {
        var root = Field.Root(obj);
        var meta = Meta(root);
        return new WorkloadInstance(meta.Namespace, WorkloadNameOfPod(root, meta), "Pod", meta.Name, meta.Labels)
        {
            NamedPorts = NamedPorts(root["spec"]),
        };
    }

    public static WorkloadInstance Deployment(JsonObject obj)
    {
        var root = Field.Root(obj);
        var meta = Meta(root);
        var template = root["spec"]["template"];
        var labels = template["metadata"]["labels"].AsLabelSet();
        return new WorkloadInstance(meta.Namespace, meta.Name, "Deployment", meta.Name, labels)
        {
            NamedPorts = NamedPorts(template["spec"]),
        };
    }

    public static Service Service(JsonObject obj, string apiVersion, SourceLocation source)
    {
        var root = Field.Root(obj);
        var spec = root["spec"];
        var ports = new List<ServicePort>();
        foreach (var port in spec["ports"].Items())
        {
            var number = port["port"].AsPort() ?? throw new DecodeException(port["port"].Path, "is required");
            var target = port["targetPort"];
            int? targetNumber = null;
            string? targetName = null;
            if (target.Node is { } node)
            {
                if (JsonNodes.TryGetInteger(node, out var value))
                {
                    targetNumber = (int)value;
                }
                else if (JsonNodes.TryGetString(node, out var text) && int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed))
                {
                    targetNumber = parsed;
                }
                else
                {
                    targetName = target.RequiredString();
                }
            }
            ports.Add(new ServicePort(number, port["name"].AsString(), targetNumber, targetName));
        }
        return new Service
        {
            ApiVersion = apiVersion,
            Meta = Meta(root),
            Selector = spec["selector"].AsLabelSet(),
            Ports = ports,
            Type = spec["type"].AsString() ?? "ClusterIP",
            Ingress = [.. root["status"]["loadBalancer"]["ingress"].Items().Select(i => i["ip"].AsString() ?? i["hostname"].AsString()).OfType<string>()],
            ExternalIps = spec["externalIPs"].AsStringList(),
            Source = source,
        };
    }

    /// <summary>The named ports of a pod spec's containers, by name.</summary>
    private static IReadOnlyDictionary<string, int> NamedPorts(Field podSpec)
    {
        Dictionary<string, int>? named = null;
        foreach (var container in podSpec["containers"].Items())
        {
            foreach (var port in container["ports"].Items())
            {
                if (port["name"].AsString() is { Length: > 0 } name && port["containerPort"].AsInteger() is { } number)
                {
                    (named ??= new Dictionary<string, int>(StringComparer.Ordinal)).TryAdd(name, (int)number);
                }
            }
        }
        return named ?? (IReadOnlyDictionary<string, int>)new Dictionary<string, int>();
    }

    // Replicas of a Deployment are one workload: a pod owned by ReplicaSet "<deploy>-<hash>"
    // belongs to "<deploy>" (the hash is the pod-template-hash label).
    private static string WorkloadNameOfPod(Field root, ObjectMeta meta)
    {
        foreach (var owner in root["metadata"]["ownerReferences"].Items())
        {
            var kind = owner["kind"].AsString();
            var name = owner["name"].AsString();
            if (name is null)
            {
                continue;
            }
            if (kind == "ReplicaSet" && meta.Labels["pod-template-hash"] is { } hash && name.EndsWith("-" + hash, StringComparison.Ordinal))
            {
                return name[..^(hash.Length + 1)];
            }
            return name;
        }
        return meta.Name;
    }

    private static DateTimeOffset? Timestamp(Field field)
    {
        var text = field.AsString();
        if (text is null)
        {
            return null;
        }
        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var value)
            ? value
            : throw new DecodeException(field.Path, $"\"{text}\" is not an RFC 3339 time");
    }
}
