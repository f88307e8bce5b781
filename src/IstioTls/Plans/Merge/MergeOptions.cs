using IstioTls.Model;

namespace IstioTls.Plans.Merge;

/// <summary><c>--into NAMESPACE/NAME</c> and <c>--wildcard</c>.</summary>
public sealed record MergeOptions
{
    /// <summary>The Gateway to merge into, where it holds a server of a group; otherwise (and by
    /// default) the oldest Gateway of the group.</summary>
    public NamespacedName? Into { get; init; }

    /// <summary>Write <c>*.domain</c> for a merged server whose hosts are all one label under one
    /// domain, as the seed's second variant does, unless that admits another server's hosts.</summary>
    public bool Wildcard { get; init; }

    /// <summary><c>-n</c>: only the groups that involve this namespace (every namespace is still
    /// read, and VirtualServices anywhere are still repointed).</summary>
    public string? Namespace { get; init; }
}
