using System.Text.Json.Nodes;
using IstioTls.Model;

namespace IstioTls.Sources;

/// <summary>
/// Reads Kubernetes Gateway API objects (Gateway, ListenerSet, ReferenceGrant, GatewayClass) as
/// written; <see cref="GatewayApiConversion"/> then turns them into servers the way istiod does.
/// Throws <see cref="DecodeException"/> naming the field that cannot be read.
/// </summary>
internal static class GatewayApiDecoder
{
    /// <summary>The controller of Istio's own GatewayClass (<c>istio</c>).</summary>
    public const string IstioController = "istio.io/gateway-controller";

    /// <summary>The class istiod installs; offline, without GatewayClass objects, it stands for Istio.</summary>
    public const string IstioClassName = "istio";

    /// <summary>The listener <c>tls.options</c> key that picks istiod's terminate mode.</summary>
    public const string TerminateModeOption = "gateway.istio.io/tls-terminate-mode";

    public static GatewayApiGateway Gateway(JsonObject obj, string apiVersion, SourceLocation source, Func<JsonNode, int?>? lineOf = null)
    {
        var root = Field.Root(obj);
        var meta = ObjectDecoder.Meta(root);
        var spec = root["spec"];
        return new GatewayApiGateway(
            apiVersion,
            meta,
            source,
            spec["gatewayClassName"].RequiredString(),
            IsManaged(spec["addresses"]),
            Allowed(spec["allowedListeners"]["namespaces"]),
            Frontend(spec["tls"]["frontend"]),
            Listeners(spec["listeners"], meta.Namespace, portRequired: true, lineOf))
        {
            AddressService = AddressService(spec["addresses"], meta.Namespace),
        };
    }

    /// <summary>The Service of a single <c>Hostname</c> address: <c>name.namespace.svc.cluster.local</c>
    /// (or <c>name.namespace</c>, or <c>name</c> in the Gateway's namespace).</summary>
    private static NamespacedName? AddressService(Field addresses, string gatewayNamespace)
    {
        var items = addresses.Items().ToList();
        if (items.Count != 1 || items[0]["type"].AsString() != "Hostname" || items[0]["value"].AsString() is not { Length: > 0 } value)
        {
            return null;
        }
        var parts = value.Split('.');
        return new NamespacedName(parts.Length > 1 ? parts[1] : gatewayNamespace, parts[0]);
    }

    public static GatewayApiListenerSet ListenerSet(JsonObject obj, string apiVersion, SourceLocation source, Func<JsonNode, int?>? lineOf = null)
    {
        var root = Field.Root(obj);
        var meta = ObjectDecoder.Meta(root);
        var spec = root["spec"];
        var parentRef = spec["parentRef"];
        parentRef.AsMap();
        var group = parentRef["group"].AsString() ?? Model.Gateway.GatewayApiGroup;
        var kind = parentRef["kind"].AsString() ?? "Gateway";
        // A parent of another kind may belong to another controller: not istiod's to convert.
        var parent = group == Model.Gateway.GatewayApiGroup && kind == "Gateway"
            ? new NamespacedName(parentRef["namespace"].AsString() is { Length: > 0 } ns ? ns : meta.Namespace, parentRef["name"].RequiredString())
            : null;
        return new GatewayApiListenerSet(apiVersion, meta, source, parent, Listeners(spec["listeners"], meta.Namespace, portRequired: false, lineOf));
    }

    /// <summary>The from-to pairs of a ReferenceGrant, as istiod indexes them.</summary>
    public static IReadOnlyList<ReferenceGrantRule> ReferenceGrant(JsonObject obj)
    {
        var root = Field.Root(obj);
        var meta = ObjectDecoder.Meta(root);
        var rules = new List<ReferenceGrantRule>();
        foreach (var from in root["spec"]["from"].Items())
        {
            var fromGroup = from["group"].AsString() ?? "";
            var fromKind = from["kind"].RequiredString();
            var fromNamespace = from["namespace"].RequiredString();
            foreach (var to in root["spec"]["to"].Items())
            {
                rules.Add(new ReferenceGrantRule(meta.Namespace, fromGroup, fromKind, fromNamespace, to["group"].AsString() ?? "", to["kind"].RequiredString(), to["name"].AsString() is { Length: > 0 } name ? name : null));
            }
        }
        return rules;
    }

    public static (string Name, string? Controller) GatewayClass(JsonObject obj)
    {
        var root = Field.Root(obj);
        return (root["metadata"]["name"].RequiredString(), root["spec"]["controllerName"].AsString());
    }

    // gatewaycommon IsManaged: no address, or one IP address; a Hostname (a Service istiod
    // does not deploy) or several addresses make it unmanaged.
    private static bool IsManaged(Field addresses)
    {
        var items = addresses.Items().ToList();
        return items.Count switch
        {
            0 => true,
            1 => items[0]["type"].AsString() is null or "IPAddress",
            _ => false,
        };
    }

    private static AllowedListeners Allowed(Field namespaces) => namespaces.IsMissing
        ? AllowedListeners.None
        : namespaces["from"].AsString() switch
        {
            "All" => AllowedListeners.All,
            "Same" => AllowedListeners.Same,
            "Selector" => AllowedListeners.Selector,
            null => namespaces["selector"].IsMissing ? AllowedListeners.None : AllowedListeners.Selector,
            _ => AllowedListeners.None,
        };

    private static FrontendValidation Frontend(Field frontend)
    {
        if (frontend.IsMissing)
        {
            return FrontendValidation.None;
        }
        var perPort = new Dictionary<int, PortValidation?>();
        foreach (var entry in frontend["perPort"].Items())
        {
            var port = entry["port"].AsPort() ?? throw new DecodeException(entry["port"].Path, "is required");
            perPort.TryAdd(port, Validation(entry["tls"]["validation"]));
        }
        return new FrontendValidation(Validation(frontend["default"]["validation"]), perPort);
    }

    private static PortValidation? Validation(Field validation) => validation.IsMissing
        ? null
        : new PortValidation(validation["caCertificateRefs"].Items().Count(), validation["mode"].AsString() == "AllowInsecureFallback");

    private static List<ListenerSpec> Listeners(Field listeners, string ownerNamespace, bool portRequired, Func<JsonNode, int?>? lineOf)
    {
        var result = new List<ListenerSpec>();
        var index = 0;
        foreach (var listener in listeners.Items())
        {
            result.Add(Listener(listener, index++, ownerNamespace, portRequired) with { Line = listener.Node is { } node ? lineOf?.Invoke(node) : null });
        }
        return result;
    }

    private static ListenerSpec Listener(Field listener, int index, string ownerNamespace, bool portRequired)
    {
        listener.AsMap();
        var name = listener["name"].RequiredString();
        var number = listener["port"].AsPort();
        if (number is null && portRequired)
        {
            throw new DecodeException(listener["port"].Path, "is required");
        }
        var protocol = listener["protocol"].RequiredString();
        var tls = listener["tls"].IsMissing ? null : Tls(listener["tls"], ownerNamespace);
        return new ListenerSpec(index, name, number, protocol, listener["hostname"].AsString() is { Length: > 0 } host ? host : null, tls);
    }

    private static ListenerTlsSpec Tls(Field tls, string ownerNamespace)
    {
        tls.AsMap();
        var passthrough = tls["mode"].AsString() switch
        {
            null or "Terminate" => false,
            "Passthrough" => true,
            { } other => throw new DecodeException(tls["mode"].Path, $"unknown TLS mode \"{other}\" (Terminate or Passthrough)"),
        };
        var references = new List<CertificateRef>();
        foreach (var reference in tls["certificateRefs"].Items())
        {
            references.Add(new CertificateRef(
                reference["group"].AsString() ?? "",
                reference["kind"].AsString() ?? "Secret",
                reference["namespace"].AsString() is { Length: > 0 } ns ? ns : ownerNamespace,
                reference["name"].RequiredString()));
        }
        var options = tls["options"].AsStringMap();
        return new ListenerTlsSpec(passthrough, options.GetValueOrDefault(TerminateModeOption), references);
    }
}
