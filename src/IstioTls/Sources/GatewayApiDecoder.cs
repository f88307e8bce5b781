using System.Text.Json.Nodes;
using IstioTls.Model;

namespace IstioTls.Sources;

/// <summary>
/// Turns Kubernetes Gateway API objects into the model the analysis already understands, the way
/// istiod does: every listener becomes one server of its own, on the deployment istiod creates for
/// the Gateway (pods labelled <c>gateway.networking.k8s.io/gateway-name: name</c>, in the
/// Gateway's namespace); HTTPS with <c>tls.mode: Terminate</c> terminates (SIMPLE) with its
/// <c>certificateRefs</c> as Secrets, TLS with <c>Passthrough</c> passes through.
/// </summary>
internal static class GatewayApiDecoder
{
    /// <summary>The controller of Istio's own GatewayClass (<c>istio</c>).</summary>
    public const string IstioController = "istio.io/gateway-controller";

    /// <summary>The class istiod installs; offline, without GatewayClass objects, it stands for Istio.</summary>
    public const string IstioClassName = "istio";

    public static (Gateway Gateway, string ClassName) Gateway(JsonObject obj, string apiVersion, SourceLocation source, Func<JsonNode, int?>? lineOf = null)
    {
        var root = Field.Root(obj);
        var meta = ObjectDecoder.Meta(root);
        var spec = root["spec"];
        var className = spec["gatewayClassName"].RequiredString();
        var gateway = new Gateway
        {
            ApiVersion = apiVersion,
            Meta = meta,
            Selector = LabelSet.Of((Model.Gateway.GatewayNameLabel, meta.Name)),
            SelectorNamespace = meta.Namespace,
            Source = source,
        };
        var servers = new List<Server>();
        var index = 0;
        foreach (var listener in spec["listeners"].Items())
        {
            servers.Add(Listener(gateway, index++, listener, lineOf));
        }
        gateway.SetServers(servers);
        return (gateway, className);
    }

    public static (string Name, string? Controller) GatewayClass(JsonObject obj)
    {
        var root = Field.Root(obj);
        return (root["metadata"]["name"].RequiredString(), root["spec"]["controllerName"].AsString());
    }

    private static Server Listener(Gateway gateway, int index, Field listener, Func<JsonNode, int?>? lineOf)
    {
        listener.AsMap();
        var name = listener["name"].RequiredString();
        var number = listener["port"].AsInteger() ?? throw new DecodeException(listener["port"].Path, "is required");
        if (number is < 1 or > 65535)
        {
            throw new DecodeException(listener["port"].Path, $"{number} is not a port number (1-65535)");
        }
        var protocol = listener["protocol"].RequiredString();
        return new Server
        {
            Gateway = gateway,
            Index = index,
            Line = listener.Node is { } node ? lineOf?.Invoke(node) : null,
            Port = new ServerPort((int)number, protocol, name),
            Hosts = [new ServerHost(null, listener["hostname"].AsString() is { Length: > 0 } host ? host : "*")],
            Tls = protocol.ToUpperInvariant() is "HTTPS" or "TLS" ? Tls(listener["tls"], gateway.Meta.Namespace) : null,
            Name = name,
        };
    }

    private static ServerTls Tls(Field tls, string gatewayNamespace)
    {
        tls.AsMap();
        var mode = tls["mode"].AsString() switch
        {
            null or "Terminate" => TlsMode.Simple,
            "Passthrough" => TlsMode.Passthrough,
            { } other => throw new DecodeException(tls["mode"].Path, $"unknown TLS mode \"{other}\" (Terminate or Passthrough)"),
        };
        var credentials = new List<string>();
        foreach (var reference in tls["certificateRefs"].Items())
        {
            // Istio reads only core Secrets; other kinds leave the listener without a certificate.
            var group = reference["group"].AsString() ?? "";
            var kind = reference["kind"].AsString() ?? "Secret";
            if (group.Length == 0 && kind == "Secret")
            {
                var ns = reference["namespace"].AsString() is { Length: > 0 } n ? n : gatewayNamespace;
                credentials.Add($"{CredentialName.GatewayApiScheme}{ns}/{reference["name"].RequiredString()}");
            }
        }
        return ServerTls.Default(mode) with { CredentialNames = credentials };
    }
}
