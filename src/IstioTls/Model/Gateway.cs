namespace IstioTls.Model;

/// <summary>
/// A gateway configuration the analysis reads: an Istio <c>networking.istio.io</c> Gateway, or a
/// Kubernetes Gateway API <c>gateway.networking.k8s.io</c> Gateway of an Istio GatewayClass, whose
/// listeners istiod turns into servers of the same kind.
/// </summary>
public sealed class Gateway : ConfigObject
{
    public const string GatewayApiGroup = "gateway.networking.k8s.io";

    /// <summary>The label istiod puts on the pods of the deployment it creates for a Gateway API Gateway.</summary>
    public const string GatewayNameLabel = "gateway.networking.k8s.io/gateway-name";

    public override string Kind => "Gateway";

    /// <summary><c>spec.selector</c>: the labels of the gateway pods this Gateway applies to. For a
    /// Gateway API Gateway, <c>gateway.networking.k8s.io/gateway-name: name</c>.</summary>
    public required LabelSet Selector { get; init; }

    /// <summary>The only namespace whose pods the selector reaches: a Gateway API Gateway has its
    /// own deployment in its own namespace. Null for Istio Gateways, which reach gateway pods in
    /// any namespace.</summary>
    public string? SelectorNamespace { get; init; }

    /// <summary>True for a Gateway API Gateway: its servers are listeners, one hostname each, so
    /// they cannot be merged into one server.</summary>
    public bool FromGatewayApi => ApiVersion.StartsWith(GatewayApiGroup + "/", StringComparison.Ordinal);

    /// <summary>How messages name it: "Gateway ns/name" or "Gateway API Gateway ns/name".</summary>
    public string Describe() => FromGatewayApi ? $"Gateway API Gateway {Key}" : $"Gateway {Key}";

    /// <summary>istiod applies this Gateway to the pod: the one place that says so, because the
    /// findings, the workload groups and a precise filter's host table must all mean the same
    /// pods (a Gateway API Gateway named like one in another namespace must not leak in).</summary>
    public bool Reaches(WorkloadInstance pod) =>
        Selector.IsSubsetOf(pod.Labels) && (SelectorNamespace is null || SelectorNamespace == pod.Namespace);

    public IReadOnlyList<Server> Servers { get; private set; } = [];

    internal void SetServers(IReadOnlyList<Server> servers) => Servers = servers;

    public override string ToString() => Describe();
}

/// <summary>One entry of a Gateway's <c>spec.servers</c>, or one listener of a Gateway API Gateway.</summary>
public sealed class Server
{
    public required Gateway Gateway { get; init; }

    /// <summary>0-based position in <c>spec.servers</c> (Gateway API: in <c>spec.listeners</c>).</summary>
    public required int Index { get; init; }

    public required ServerPort Port { get; init; }

    /// <summary>The line of the server in its Gateway's file, where the reader knew it (YAML);
    /// reports that point at code (SARIF, annotations) use it, else the Gateway's line.</summary>
    public int? Line { get; init; }

    public string? Bind { get; init; }

    public required IReadOnlyList<ServerHost> Hosts { get; init; }

    public ServerTls? Tls { get; init; }

    /// <summary>The server's <c>name</c>; for a Gateway API listener, the listener's name.</summary>
    public string? Name { get; init; }

    /// <summary>The mode as Envoy sees it: a missing tls block means plain text, a tls block
    /// without mode is PASSTHROUGH.</summary>
    public TlsMode? TlsMode => Tls?.Mode;

    /// <summary>Envoy terminates TLS for this server with a certificate browsers can reuse a
    /// connection on: protocol HTTPS and mode SIMPLE, MUTUAL or OPTIONAL_MUTUAL.</summary>
    public bool TerminatesHttps => Port.IsHttps && Tls is { } tls && tls.Mode.TerminatesWithServerCertificate();

    public string Key => $"{Gateway.Key}#{Index}";

    public override string ToString() => Gateway.FromGatewayApi ? $"{Gateway.Describe()} listener {Name}" : $"{Gateway.Key} server {Index}";
}
