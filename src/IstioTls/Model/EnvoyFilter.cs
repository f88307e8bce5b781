namespace IstioTls.Model;

/// <summary>An Istio EnvoyFilter, reduced to its scope and its config patches.</summary>
public sealed class EnvoyFilter : ConfigObject
{
    public override string Kind => "EnvoyFilter";

    /// <summary><c>spec.workloadSelector.labels</c>; empty applies to every proxy in scope.</summary>
    public required LabelSet WorkloadSelector { get; init; }

    /// <summary><c>spec.configPatches</c>, in order.</summary>
    public required IReadOnlyList<EnvoyFilterPatch> Patches { get; init; }

    /// <summary>Every inline Lua source of every patch.</summary>
    public IEnumerable<string> LuaSources => Patches.SelectMany(p => p.Lua).Select(l => l.Source);
}

/// <summary>One entry of <c>spec.configPatches</c>: how it patches (<c>patch.operation</c>,
/// such as INSERT_FIRST) and the Lua it carries.</summary>
public sealed record EnvoyFilterPatch(string? Operation, IReadOnlyList<LuaCode> Lua);

/// <summary>Inline Lua in a patch value. <paramref name="Deprecated"/>: written in
/// <c>inline_code</c> (<c>inlineCode</c>), which Envoy deprecated for
/// <c>default_source_code.inline_string</c>.</summary>
public sealed record LuaCode(string Source, bool Deprecated);
