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
/// such as INSERT_FIRST), the Lua it carries, and the listener it is limited to.</summary>
public sealed record EnvoyFilterPatch(string? Operation, IReadOnlyList<LuaCode> Lua)
{
    /// <summary><c>match.listener.portNumber</c>: the Envoy listener's port, which on a gateway is
    /// the target port istiod resolved, not the Gateway's port as written. Null: every listener.</summary>
    public int? ListenerPort { get; init; }

    /// <summary><c>match.listener.name</c> (<c>0.0.0.0_8443</c>, <c>10.0.0.1_443</c> with a bind).</summary>
    public string? ListenerName { get; init; }
}

/// <summary>Inline Lua in a patch value. <paramref name="Deprecated"/>: written in
/// <c>inline_code</c> (<c>inlineCode</c>), which Envoy deprecated for
/// <c>default_source_code.inline_string</c>.</summary>
public sealed record LuaCode(string Source, bool Deprecated);
