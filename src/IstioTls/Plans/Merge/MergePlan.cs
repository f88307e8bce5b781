using System.Text.Json.Nodes;
using IstioTls.Analysis;
using IstioTls.Model;

namespace IstioTls.Plans.Merge;

/// <summary>
/// What <c>merge</c> changes: the groups of servers it merges, the objects to write (whole, in
/// the order the document lists them), the Gateways to delete, the groups it leaves
/// alone and why, and the order in which the writes are made on a cluster.
/// </summary>
public sealed class MergePlan
{
    public required IReadOnlyList<MergeGroup> Groups { get; init; }

    /// <summary>Survivor Gateways, then VirtualServices, then the other Gateways that lose servers.</summary>
    public required IReadOnlyList<PlannedObject> Apply { get; init; }

    public required IReadOnlyList<PlannedDeletion> Delete { get; init; }

    public required IReadOnlyList<SkippedGroup> Skipped { get; init; }

    /// <summary>The writes in the order that never leaves a host unserved (see <see cref="WriteOrder"/>).</summary>
    public required IReadOnlyList<PlanStep> Steps { get; init; }

    public IReadOnlyList<string> Warnings { get; init; } = [];

    /// <summary>False when the input is already merged: nothing to write or delete.</summary>
    public bool HasChanges => Apply.Count > 0 || Delete.Count > 0;
}

/// <summary>Servers of one finding merged into one server of <see cref="Survivor"/>.</summary>
public sealed record MergeGroup
{
    public required Finding Finding { get; init; }

    public required Gateway Survivor { get; init; }

    /// <summary>The survivor's server that becomes the merged server (its port and TLS settings stay).</summary>
    public required Server MergedServer { get; init; }

    public IReadOnlyList<Server> Servers => Finding.Servers;

    /// <summary>The merged server's hosts, as written.</summary>
    public required IReadOnlyList<string> Hosts { get; init; }

    /// <summary>VirtualServices that name a Gateway this group takes servers from.</summary>
    public required IReadOnlyList<VirtualService> VirtualServices { get; init; }

    /// <summary>Gateways that lose servers to the survivor and keep others.</summary>
    public required IReadOnlyList<Gateway> Updated { get; init; }

    /// <summary>Gateways left without servers.</summary>
    public required IReadOnlyList<Gateway> Deleted { get; init; }

    /// <summary>Why <c>--wildcard</c> was not applied, when it was asked for.</summary>
    public string? WildcardNote { get; init; }
}

/// <summary>A finding the plan does not merge, the reason, and the TLS fields that differ.</summary>
public sealed record SkippedGroup(Finding Finding, string Reason, IReadOnlyList<string> Fields);

public enum PlannedRole
{
    /// <summary>A Gateway that receives a merged server.</summary>
    Survivor,
    VirtualService,
    /// <summary>A Gateway that only loses servers and keeps others.</summary>
    Absorbed,
}

/// <summary>One object to write: as read, and as the plan wants it (cleaned for <c>kubectl apply</c>).</summary>
public sealed record PlannedObject(ObjectRef Target, PlannedRole Role, JsonObject Original, JsonObject Object);

/// <summary>A Gateway left without servers.</summary>
public sealed record PlannedDeletion(ObjectRef Target, JsonObject Original)
{
    public string? ResourceVersion => ManifestObjects.ResourceVersion(Original);
}

/// <summary>The four kinds of write, in the order they are made (see <c>WriteOrder</c>).</summary>
public enum StepKind
{
    /// <summary>A VirtualService also names the survivor, keeping the names it had.</summary>
    Bind,
    /// <summary>A Gateway gets its merged server (and may lose others).</summary>
    Survivor,
    /// <summary>A Gateway loses servers and keeps others.</summary>
    Absorbed,
    /// <summary>A Gateway left without servers is deleted.</summary>
    Delete,
    /// <summary>A VirtualService drops the names of Gateways that are deleted.</summary>
    Unbind,
    /// <summary>A merged server's hosts become <c>*.domain</c> (<c>--wildcard</c>).</summary>
    Wildcard,
}

/// <summary>One write to the cluster. <see cref="Body"/> is the object as read with the planned
/// <c>spec</c>, so that a write changes nothing else; it carries the resourceVersion that was read.</summary>
public sealed record PlanStep(StepKind Kind, ObjectRef Target, JsonObject? Body, string? ResourceVersion, string Description)
{
    /// <summary>For <see cref="StepKind.Unbind"/>: the Gateways whose names the VirtualService drops.</summary>
    public IReadOnlyList<string> Dropped { get; init; } = [];

    /// <summary>For <see cref="StepKind.Wildcard"/>: for each group given a wildcard, the Gateways
    /// that hold its servers. A re-run sees the group, and plans its wildcard, only until the
    /// first write to each of them is made.</summary>
    public IReadOnlyList<IReadOnlyList<string>> WildcardGroups { get; init; } = [];
}
