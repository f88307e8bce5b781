namespace IstioTls.Model;

/// <summary>Where a VirtualService names a gateway: <c>spec.gateways</c> (section "spec") or a
/// route's <c>match[].gateways</c> (section "http", "tls" or "tcp").</summary>
public sealed record GatewayReference(string Section, string Name);

/// <summary>An Istio VirtualService, reduced to what binds it to Gateways.</summary>
public sealed class VirtualService : ConfigObject
{
    public override string Kind => "VirtualService";

    public required IReadOnlyList<string> Hosts { get; init; }

    /// <summary><c>spec.gateways</c> and every <c>http|tls|tcp[].match[].gateways</c> entry.</summary>
    public required IReadOnlyList<GatewayReference> GatewayReferences { get; init; }

    /// <summary>Resolves a reference as Istio does: a short name is in the VirtualService's own
    /// namespace; <c>mesh</c> is the sidecars, not a Gateway.</summary>
    public string? ResolveGateway(string reference)
    {
        if (reference == "mesh")
        {
            return null;
        }
        return reference.Contains('/', StringComparison.Ordinal) ? reference : $"{Meta.Namespace}/{reference}";
    }
}
