namespace IstioTls.Model;

/// <summary>
/// A Kubernetes Service in front of gateway pods. istiod does not listen on a Gateway server's
/// port number as written: it looks the number up among the ports of the Services that select
/// the gateway pods and listens on that port's <c>targetPort</c> (443 → 8443 on istioctl's
/// default ingress gateway). Envoy listeners, and so shared connections and an EnvoyFilter's
/// <c>portNumber</c>, follow the target port.
/// </summary>
public sealed class Service : ConfigObject
{
    /// <summary>The label on a Service that tells istiod not to translate Gateway ports through it
    /// (pilot/pkg/model/gateway.go, DisableGatewayPortTranslationLabel).</summary>
    public const string DisablePortTranslationLabel = "experimental.istio.io/disable-gateway-port-translation";

    public override string Kind => "Service";

    /// <summary><c>spec.selector</c>; empty selects no pods (a Service with manual endpoints).</summary>
    public required LabelSet Selector { get; init; }

    public required IReadOnlyList<ServicePort> Ports { get; init; }

    /// <summary><c>spec.type</c>: ClusterIP, NodePort, LoadBalancer.</summary>
    public string Type { get; init; } = "ClusterIP";

    /// <summary>Where clients reach it from outside: the load balancer's ingress IPs or host
    /// names (<c>status.loadBalancer.ingress</c>).</summary>
    public IReadOnlyList<string> Ingress { get; init; } = [];

    /// <summary><c>spec.externalIPs</c>.</summary>
    public IReadOnlyList<string> ExternalIps { get; init; } = [];

    public bool TranslatesGatewayPorts => Meta.Labels[DisablePortTranslationLabel] is null;

    /// <summary>The Service selects these pods, in its own namespace.</summary>
    public bool Selects(WorkloadInstance pod) =>
        !Selector.IsEmpty && pod.Namespace == Meta.Namespace && Selector.IsSubsetOf(pod.Labels);
}

/// <summary>One entry of a Service's <c>spec.ports</c>. <c>targetPort</c> is a number or the
/// name of a container port of the selected pods; when it is left out it equals <c>port</c>.</summary>
public sealed record ServicePort(int Port, string? Name, int? TargetNumber, string? TargetName)
{
    public override string ToString() => $"{Port}→{(object?)TargetName ?? TargetNumber ?? Port}";
}
