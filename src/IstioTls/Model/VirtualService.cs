using System.Diagnostics.CodeAnalysis;
using System.Text.Json.Nodes;

namespace IstioTls.Model;

/// <summary>Where a VirtualService names a gateway: <c>spec.gateways</c> or one route's
/// <c>match[].gateways</c>.</summary>
public sealed record GatewayReference(string Section, int RouteIndex, int MatchIndex, string Name)
{
    public bool IsSpecLevel => Section == "spec";
}

/// <summary>An Istio VirtualService, reduced to what binds it to Gateways.</summary>
public sealed class VirtualService
{
    public required string ApiVersion { get; init; }

    public required ObjectMeta Meta { get; init; }

    public required IReadOnlyList<string> Hosts { get; init; }

    /// <summary><c>spec.gateways</c> and every <c>http|tls|tcp[].match[].gateways</c> entry.</summary>
    public required IReadOnlyList<GatewayReference> GatewayReferences { get; init; }

    public required SourceLocation Source { get; init; }

    private JsonObject? _raw;

    /// <summary>The object as read, every field kept, so that a plan can write it back whole.
    /// Sources keep it only when asked (merge): <c>check</c> lets it go, to read large inputs in
    /// less memory.</summary>
    [AllowNull]
    public required JsonObject Raw
    {
        get => _raw ?? throw new InvalidOperationException($"{Key} was read for analysis only: its object was not kept");
        init => _raw = value;
    }

    internal void ForgetObject() => _raw = null;

    public string Key => Meta.Key;

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
