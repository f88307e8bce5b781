namespace IstioTls.Sources;

/// <summary>The kinds the tool reads, by API group and kind; every other object is ignored.</summary>
public enum ApiKind
{
    Unknown,
    IstioGateway,
    VirtualService,
    EnvoyFilter,
    Pod,
    Deployment,
    KubernetesGateway,
    GatewayClass,
    Secret,
    Service,
    ListenerSet,
    ReferenceGrant,
}

public static class ApiKinds
{
    public const string IstioGroup = "networking.istio.io";

    /// <summary>Served versions of networking.istio.io, preferred first.</summary>
    public static readonly IReadOnlyList<string> IstioVersions = ["v1", "v1beta1", "v1alpha3"];

    public const string GatewayApiGroup = Model.Gateway.GatewayApiGroup;

    /// <summary>Served versions of gateway.networking.k8s.io that the tool reads, preferred first.</summary>
    public static readonly IReadOnlyList<string> GatewayApiVersions = ["v1", "v1beta1"];

    /// <summary>istiod reads ListenerSet in v1 only (not the experimental XListenerSet).</summary>
    public const string ListenerSetVersion = "v1";

    /// <summary>istiod reads ReferenceGrant in v1beta1; v1 has the same fields.</summary>
    public static readonly IReadOnlyList<string> ReferenceGrantVersions = ["v1beta1", "v1"];

    public static ApiKind Classify(string apiVersion, string kind)
    {
        var slash = apiVersion.IndexOf('/', StringComparison.Ordinal);
        var group = slash < 0 ? "" : apiVersion[..slash];
        var version = slash < 0 ? apiVersion : apiVersion[(slash + 1)..];
        return (group, kind) switch
        {
            (IstioGroup, "Gateway") when IsIstioVersion(version) => ApiKind.IstioGateway,
            (IstioGroup, "VirtualService") when IsIstioVersion(version) => ApiKind.VirtualService,
            (IstioGroup, "EnvoyFilter") when IsIstioVersion(version) => ApiKind.EnvoyFilter,
            ("", "Pod") when version == "v1" => ApiKind.Pod,
            ("apps", "Deployment") when version == "v1" => ApiKind.Deployment,
            (GatewayApiGroup, "Gateway") when GatewayApiVersions.Contains(version) => ApiKind.KubernetesGateway,
            (GatewayApiGroup, "GatewayClass") when GatewayApiVersions.Contains(version) => ApiKind.GatewayClass,
            (GatewayApiGroup, "ListenerSet") when version == ListenerSetVersion => ApiKind.ListenerSet,
            (GatewayApiGroup, "ReferenceGrant") when ReferenceGrantVersions.Contains(version) => ApiKind.ReferenceGrant,
            ("", "Secret") when version == "v1" => ApiKind.Secret,
            ("", "Service") when version == "v1" => ApiKind.Service,
            _ => ApiKind.Unknown,
        };
    }

    private static bool IsIstioVersion(string version) => IstioVersions.Contains(version);
}
