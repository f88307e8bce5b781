using IstioTls.Model;

namespace IstioTls.Sources;

// Gateway API objects as read, before istiod's conversion: which listeners become servers, with
// which certificate, depends on objects that may come later in the input (ReferenceGrants,
// GatewayClasses, a ListenerSet's parent), so GatewayApiConversion decides when the snapshot is
// built, not when an object is read.

/// <summary>A Gateway API Gateway as written.</summary>
/// <param name="Managed">No Hostname address: istiod deploys and manages its pods.</param>
internal sealed record GatewayApiGateway(
    string ApiVersion,
    ObjectMeta Meta,
    SourceLocation Source,
    string ClassName,
    bool Managed,
    AllowedListeners AllowedListeners,
    FrontendValidation Frontend,
    IReadOnlyList<ListenerSpec> Listeners)
{
    /// <summary>The Service a <c>Hostname</c> address names (<c>name.namespace.svc...</c>): an
    /// unmanaged Gateway's listeners run on that Service's pods.</summary>
    public NamespacedName? AddressService { get; init; }
}

/// <summary>A ListenerSet: listeners for the deployment of the Gateway <see cref="Parent"/> names.</summary>
internal sealed record GatewayApiListenerSet(
    string ApiVersion,
    ObjectMeta Meta,
    SourceLocation Source,
    NamespacedName? Parent,
    IReadOnlyList<ListenerSpec> Listeners);

/// <summary><c>spec.allowedListeners.namespaces.from</c> of a Gateway: whose ListenerSets it takes
/// (none unless it says so).</summary>
internal enum AllowedListeners
{
    None,
    Same,
    All,
    Selector,
}

/// <summary>One listener as written; <see cref="Port"/> is null where a ListenerSet leaves it out.</summary>
internal sealed record ListenerSpec(int Index, string Name, int? Port, string Protocol, string? Hostname, ListenerTlsSpec? Tls)
{
    /// <summary>The listener's line in its file, for reports that point at it (SARIF).</summary>
    public int? Line { get; init; }
}

/// <summary>A listener's <c>tls</c>: <paramref name="TerminateMode"/> is the
/// <c>gateway.istio.io/tls-terminate-mode</c> option.</summary>
internal sealed record ListenerTlsSpec(bool Passthrough, string? TerminateMode, IReadOnlyList<CertificateRef> CertificateRefs);

/// <summary>A certificateRef, its namespace defaulted to the referring object's.</summary>
internal sealed record CertificateRef(string Group, string Kind, string Namespace, string Name)
{
    public bool IsSecret => Group.Length == 0 && Kind == "Secret";

    public override string ToString() => $"{Namespace}/{Name}";
}

/// <summary>The client-certificate validation of a Gateway's <c>spec.tls.frontend</c>
/// (<c>default</c> and <c>perPort</c>): a listener on a port with one CA certificate is MUTUAL
/// (OPTIONAL_MUTUAL with <c>AllowInsecureFallback</c>).</summary>
internal sealed record FrontendValidation(PortValidation? Default, IReadOnlyDictionary<int, PortValidation?> PerPort)
{
    public static readonly FrontendValidation None = new(null, new Dictionary<int, PortValidation?>());

    /// <summary>istiod's resolveGatewayTLS: the port's entry, else the default.</summary>
    public PortValidation? For(int port) => PerPort.TryGetValue(port, out var validation) ? validation : Default;
}

internal sealed record PortValidation(int CaCertificateRefs, bool InsecureFallback);

/// <summary>One from-to pair of a ReferenceGrant in <paramref name="Namespace"/> (the namespace
/// of what it grants access to); <paramref name="ToName"/> null grants every object of the kind.</summary>
internal sealed record ReferenceGrantRule(string Namespace, string FromGroup, string FromKind, string FromNamespace, string ToGroup, string ToKind, string? ToName);
