namespace IstioTls.TestApiServer;

/// <summary>
/// Which groups, versions and resources the server serves. Every known type stays storable
/// (seeds may carry any version); only the served ones appear in discovery and on the wire.
/// </summary>
public sealed class ResourceCatalog
{
    public const string IstioGroup = "networking.istio.io";
    public const string GatewayApiGroup = "gateway.networking.k8s.io";

    static readonly string[] IstioCategories = ["istio-io", "networking-istio-io"];
    static readonly string[] GatewayApiCategories = ["gateway-api"];
    static readonly string[] All = ["all"];

    public static IReadOnlyList<ResourceType> KnownTypes { get; } =
    [
        new("", "namespaces", "Namespace", "namespace", false, ["v1"], ["ns"], [], false),
        new("", "pods", "Pod", "pod", true, ["v1"], ["po"], All, false),
        new("", "services", "Service", "service", true, ["v1"], ["svc"], All, false),
        new("", "secrets", "Secret", "secret", true, ["v1"], [], [], false),
        new("", "configmaps", "ConfigMap", "configmap", true, ["v1"], ["cm"], [], false),
        new("", "serviceaccounts", "ServiceAccount", "serviceaccount", true, ["v1"], ["sa"], [], false),
        new("", "nodes", "Node", "node", false, ["v1"], ["no"], [], false),
        new("apps", "deployments", "Deployment", "deployment", true, ["v1"], ["deploy"], All, false),
        new(IstioGroup, "gateways", "Gateway", "gateway", true, ["v1", "v1beta1", "v1alpha3"], ["gw"], IstioCategories, true),
        new(IstioGroup, "virtualservices", "VirtualService", "virtualservice", true, ["v1", "v1beta1", "v1alpha3"], ["vs"], IstioCategories, true),
        // Istio serves EnvoyFilter in v1alpha3 only, even where v1 serves Gateways.
        new(IstioGroup, "envoyfilters", "EnvoyFilter", "envoyfilter", true, ["v1alpha3"], [], IstioCategories, true),
        new(GatewayApiGroup, "gateways", "Gateway", "gateway", true, ["v1", "v1beta1"], ["gtw"], GatewayApiCategories, true),
        new(GatewayApiGroup, "gatewayclasses", "GatewayClass", "gatewayclass", false, ["v1", "v1beta1"], ["gc"], GatewayApiCategories, true),
        new(GatewayApiGroup, "httproutes", "HTTPRoute", "httproute", true, ["v1", "v1beta1"], [], GatewayApiCategories, true),
        new(GatewayApiGroup, "listenersets", "ListenerSet", "listenerset", true, ["v1"], ["lset"], GatewayApiCategories, true),
        new(GatewayApiGroup, "referencegrants", "ReferenceGrant", "referencegrant", true, ["v1beta1", "v1"], ["refgrant"], GatewayApiCategories, true),
    ];

    readonly Dictionary<string, string[]> _servedVersions = new(StringComparer.Ordinal);

    public ResourceCatalog(TestApiServerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _servedVersions[""] = ["v1"];
        _servedVersions["apps"] = ["v1"];
        AddGroup(IstioGroup, options.IstioVersions);
        AddGroup(GatewayApiGroup, options.GatewayApiVersions);
    }

    void AddGroup(string group, IReadOnlyList<string>? versions)
    {
        if (versions is null || versions.Count == 0)
        {
            return;
        }
        var known = KnownTypes.First(t => t.Group == group).Versions;
        foreach (var v in versions.Where(v => !known.Contains(v)))
        {
            throw new ArgumentException($"{group} has no version {v}; known: {string.Join(", ", known)}");
        }
        // Keep the real server's priority order (GA, then beta, then alpha) whatever order the caller used.
        _servedVersions[group] = known.Where(versions.Contains).ToArray();
    }

    /// <summary>Served API groups in the order /apis lists them; the core group ("") first.</summary>
    public IEnumerable<string> ServedGroups => _servedVersions.Keys;

    public IReadOnlyList<string> ServedVersions(string group) =>
        _servedVersions.TryGetValue(group, out var v) ? v : [];

    public string? PreferredVersion(string group) => ServedVersions(group).FirstOrDefault();

    public IEnumerable<ResourceType> ServedTypes(string group, string version) =>
        ServedVersions(group).Contains(version) ? KnownTypes.Where(t => t.Group == group) : [];

    /// <summary>A type reachable at group/version, or null when that version is not served.</summary>
    public ResourceType? FindServed(string group, string version, string resource) =>
        ServedTypes(group, version).FirstOrDefault(t => t.Resource == resource);

    public static ResourceType? FindKnown(string group, string resource) =>
        KnownTypes.FirstOrDefault(t => t.Group == group && t.Resource == resource);

    public static ResourceType? FindByKind(string group, string kind) =>
        KnownTypes.FirstOrDefault(t => t.Group == group && t.Kind == kind);
}
