using System.Text.Json.Nodes;
using IstioTls.Analysis.Misdirected;
using IstioTls.Cluster;
using IstioTls.Documents;
using IstioTls.Model;
using IstioTls.Plans;
using IstioTls.Plans.Misdirected;

namespace IstioTls.Application;

/// <summary>What happened to one EnvoyFilter, in kubectl's words.</summary>
public enum FilterAction
{
    Created,
    Configured,
    Unchanged,
    Deleted,
    NotFound,

    /// <summary>An object of that name exists and is not this tool's: left alone.</summary>
    NotOurs,
}

public sealed record FilterChange(ObjectRef Target, FilterAction Action)
{
    /// <summary><c>envoyfilter.networking.istio.io/name created</c>, as kubectl prints it.</summary>
    public override string ToString()
    {
        var what = $"envoyfilter.networking.istio.io/{Target.Name}";
        return Action switch
        {
            FilterAction.NotFound => $"{what} not found in namespace {Target.Namespace}",
            FilterAction.NotOurs => $"{what} in namespace {Target.Namespace} is not managed by kubectl-istio-tls: left alone",
            _ => $"{what} {Action.ToString().ToLowerInvariant()}",
        };
    }
}

/// <summary>
/// Installs and removes the 421 filters: server-side apply with field manager
/// <c>kubectl-istio-tls</c> (a second run sends nothing when the filter is already as planned),
/// and deletes only objects that carry this tool's labels, with a resourceVersion precondition
/// so that a filter changed meanwhile is not removed blindly.
/// </summary>
public sealed class MisdirectedFilterWriter(IClusterObjects cluster)
{
    public const string FieldManager = "kubectl-istio-tls";

    public async Task<IReadOnlyList<FilterChange>> ApplyAsync(IEnumerable<PlannedFilter> filters, CancellationToken cancellationToken)
    {
        var changes = new List<FilterChange>();
        foreach (var filter in filters)
        {
            var existing = await cluster.GetAsync(filter.Ref, cancellationToken).ConfigureAwait(false);
            FilterAction action;
            if (existing is null)
            {
                action = FilterAction.Created;
            }
            else if (!IsOurs(existing))
            {
                action = FilterAction.NotOurs;
            }
            else if (IsAsPlanned(existing, filter.Object))
            {
                action = FilterAction.Unchanged;
            }
            else
            {
                action = FilterAction.Configured;
            }
            if (action is FilterAction.Created or FilterAction.Configured)
            {
                // Force: the object is this tool's (checked above); a field someone edited by hand
                // is taken back, which is what regenerating a stale filter means.
                await cluster.ApplyAsync((JsonObject)filter.Object.DeepClone(), FieldManager, force: existing is not null, cancellationToken).ConfigureAwait(false);
            }
            changes.Add(new FilterChange(filter.Ref, action));
        }
        return changes;
    }

    public async Task<IReadOnlyList<FilterChange>> DeleteAsync(IEnumerable<ObjectRef> targets, CancellationToken cancellationToken)
    {
        var changes = new List<FilterChange>();
        foreach (var target in targets)
        {
            var existing = await cluster.GetAsync(target, cancellationToken).ConfigureAwait(false);
            if (existing is null)
            {
                changes.Add(new FilterChange(target, FilterAction.NotFound));
                continue;
            }
            if (!IsOurs(existing))
            {
                changes.Add(new FilterChange(target, FilterAction.NotOurs));
                continue;
            }
            var resourceVersion = JsonNodes.ScalarText(existing["metadata"]?["resourceVersion"]);
            await cluster.DeleteAsync(target, resourceVersion, cancellationToken).ConfigureAwait(false);
            changes.Add(new FilterChange(target, FilterAction.Deleted));
        }
        return changes;
    }

    private static bool IsOurs(JsonObject existing) =>
        MisdirectedFilterMarks.ModeOf(LabelSet.From(Labels(existing["metadata"]?["labels"]))) is not null;

    // What apply would set: the spec, and our labels and annotations (others may add their own).
    private static bool IsAsPlanned(JsonObject existing, JsonObject planned)
    {
        if (!JsonNode.DeepEquals(existing["spec"], planned["spec"]))
        {
            return false;
        }
        foreach (var part in (string[])["labels", "annotations"])
        {
            if (planned["metadata"]?[part] is not JsonObject wanted)
            {
                continue;
            }
            foreach (var (key, value) in wanted)
            {
                if (!JsonNode.DeepEquals(existing["metadata"]?[part]?[key], value))
                {
                    return false;
                }
            }
        }
        return true;
    }

    private static IEnumerable<KeyValuePair<string, string>> Labels(JsonNode? node) =>
        node is JsonObject map
            ? map.Select(e => KeyValuePair.Create(e.Key, JsonNodes.ScalarText(e.Value) ?? ""))
            : [];
}
