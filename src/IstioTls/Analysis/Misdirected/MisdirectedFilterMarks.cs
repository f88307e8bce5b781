using IstioTls.Model;

namespace IstioTls.Analysis.Misdirected;

/// <summary>
/// The labels and annotation that mark an EnvoyFilter as the 421 filter of this tool, so that
/// <c>check</c>, a re-run and <c>--delete</c> find it, and never touch anybody else's filter.
/// </summary>
public static class MisdirectedFilterMarks
{
    public const string ManagedByLabel = "app.kubernetes.io/managed-by";

    public const string ManagedBy = "kubectl-istio-tls";

    /// <summary>The mode, <c>strict</c> or <c>precise</c>; its presence says "a 421 filter".</summary>
    public const string ModeLabel = "istio-tls.io/misdirected";

    /// <summary>On precise filters: the hash of the host table the Lua was generated from.</summary>
    public const string HostTableAnnotation = "istio-tls.io/host-table";

    /// <summary>The mode of a filter this tool generated; null for every other filter.</summary>
    public static MisdirectedMode? ModeOf(LabelSet labels) =>
        labels[ManagedByLabel] == ManagedBy && MisdirectedModes.TryParse(labels[ModeLabel], out var mode) ? mode : null;

    public static MisdirectedMode? ModeOf(EnvoyFilter filter) => ModeOf(filter.Meta.Labels);

    /// <summary>This tool's filters among the EnvoyFilters read, optionally only those scoped to
    /// <paramref name="selector"/> and in <paramref name="ns"/>: what <c>--delete</c> removes,
    /// including filters of workloads whose Gateways are gone.</summary>
    public static IReadOnlyList<ObjectRef> Installed(ConfigSnapshot snapshot, LabelSet? selector, string? ns) =>
        [.. snapshot.EnvoyFilters
            .Where(f => ModeOf(f) is not null)
            .Where(f => selector is null || f.WorkloadSelector.Equals(selector))
            .Where(f => ns is null || f.Meta.Namespace == ns)
            .OrderBy(f => f.Key, StringComparer.Ordinal)
            .Select(f => f.Ref)];
}
