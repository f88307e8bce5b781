namespace IstioTls.Model;

/// <summary>Where a VirtualService names a gateway: <c>spec.gateways</c> (section "spec") or a
/// route's <c>match[].gateways</c> (section "http", "tls" or "tcp").</summary>
public sealed record GatewayReference(string Section, string Name);

/// <summary>One <c>tls[].match[]</c> of a VirtualService: the SNI names it matches, and the port
/// and Gateways it is limited to (none: any).</summary>
public sealed record TlsRouteMatch(IReadOnlyList<string> SniHosts, int? Port, IReadOnlyList<string> Gateways);

/// <summary>An Istio VirtualService, reduced to what binds it to Gateways.</summary>
public sealed class VirtualService : ConfigObject
{
    public override string Kind => "VirtualService";

    public required IReadOnlyList<string> Hosts { get; init; }

    /// <summary><c>spec.gateways</c> and every <c>http|tls|tcp[].match[].gateways</c> entry.</summary>
    public required IReadOnlyList<GatewayReference> GatewayReferences { get; init; }

    /// <summary>The matches of its <c>tls</c> routes that have a destination: on a PASSTHROUGH
    /// server, each becomes a filter chain for its <c>sniHosts</c>.</summary>
    public IReadOnlyList<TlsRouteMatch> TlsMatches { get; init; } = [];

    /// <summary>Resolves a reference to <c>namespace/name</c> as istiod does
    /// (pilot/pkg/model/config.go, resolveGatewayName): a short name is in the VirtualService's
    /// own namespace, <c>./name</c> too; the legacy <c>name.namespace.svc.cluster.local</c> (or
    /// <c>name.namespace</c>) names <c>namespace/name</c>; <c>mesh</c> is the sidecars, not a
    /// Gateway.</summary>
    public string? ResolveGateway(string reference)
    {
        if (reference == "mesh")
        {
            return null;
        }
        var slash = reference.IndexOf('/', StringComparison.Ordinal);
        if (slash >= 0)
        {
            return reference[..slash] == "." ? $"{Meta.Namespace}/{reference[(slash + 1)..]}" : reference;
        }
        var dot = reference.IndexOf('.', StringComparison.Ordinal);
        if (dot < 0)
        {
            return $"{Meta.Namespace}/{reference}";
        }
        var rest = reference[(dot + 1)..];
        var nextDot = rest.IndexOf('.', StringComparison.Ordinal);
        return $"{(nextDot < 0 ? rest : rest[..nextDot])}/{reference[..dot]}";
    }

    /// <summary>The Gateways (<c>namespace/name</c>) that <c>spec.gateways</c> binds it to.</summary>
    public IEnumerable<string> BoundGateways =>
        GatewayReferences.Where(r => r.Section == "spec").Select(r => ResolveGateway(r.Name)).OfType<string>();
}
