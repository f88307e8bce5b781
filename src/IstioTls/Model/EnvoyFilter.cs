namespace IstioTls.Model;

/// <summary>An Istio EnvoyFilter, reduced to its scope and the Lua it carries.</summary>
public sealed class EnvoyFilter : ConfigObject
{
    /// <summary><c>spec.workloadSelector.labels</c>; empty applies to every proxy in scope.</summary>
    public required LabelSet WorkloadSelector { get; init; }

    /// <summary>Inline Lua sources found in the config patches.</summary>
    public required IReadOnlyList<string> LuaSources { get; init; }
}
