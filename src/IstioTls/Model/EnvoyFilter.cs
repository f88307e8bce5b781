using System.Text.Json.Nodes;

namespace IstioTls.Model;

/// <summary>An Istio EnvoyFilter, reduced to its scope and the Lua it carries.</summary>
public sealed class EnvoyFilter
{
    public required string ApiVersion { get; init; }

    public required ObjectMeta Meta { get; init; }

    /// <summary><c>spec.workloadSelector.labels</c>; empty applies to every proxy in scope.</summary>
    public required LabelSet WorkloadSelector { get; init; }

    /// <summary>Inline Lua sources found in the config patches.</summary>
    public required IReadOnlyList<string> LuaSources { get; init; }

    public required SourceLocation Source { get; init; }

    public required JsonObject Raw { get; init; }

    public string Key => Meta.Key;
}
