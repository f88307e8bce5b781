using System.Diagnostics.CodeAnalysis;
using System.Text.Json.Nodes;

namespace IstioTls.Model;

/// <summary>What every Istio object the analysis reads has: its identity, where it was read, and
/// the object itself.</summary>
public abstract class ConfigObject
{
    private JsonObject? _raw;

    public required string ApiVersion { get; init; }

    public required ObjectMeta Meta { get; init; }

    public required SourceLocation Source { get; init; }

    /// <summary>The object as read, every field kept, so that a plan can write it back whole.
    /// Sources keep it only when asked (merge): <c>check</c> lets it go, to read large inputs in
    /// less memory.</summary>
    [AllowNull]
    public required JsonObject Raw
    {
        get => _raw ?? throw new InvalidOperationException($"{Key} was read for analysis only: its object was not kept");
        init => _raw = value;
    }

    public string Key => Meta.Key;

    internal void ForgetObject() => _raw = null;
}
