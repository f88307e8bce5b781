using System.Text.Json.Nodes;
using IstioTls.Model;

namespace IstioTls.Plans;

/// <summary>
/// Objects as a plan hands them out: whole (every field of the object as read is kept), but
/// without what the API server manages, which would make <c>kubectl apply -f</c> of the output
/// fail or fight the server (<c>managedFields</c>, <c>uid</c>, <c>status</c>, ...).
/// </summary>
public static class ManifestObjects
{
    public const string LastAppliedAnnotation = "kubectl.kubernetes.io/last-applied-configuration";

    private static readonly string[] ServerManagedMetadata =
        ["managedFields", "uid", "generation", "creationTimestamp", "selfLink", "deletionTimestamp", "deletionGracePeriodSeconds"];

    /// <summary>For a plan's <c>apply</c> list: <c>resourceVersion</c> is kept where known, so that
    /// applying a stale plan fails instead of overwriting a newer object.</summary>
    public static JsonObject ForApply(JsonObject raw, string @namespace)
    {
        var copy = raw.DeepClone().AsObject();
        copy.Remove("status");
        if (copy["metadata"] is not JsonObject metadata)
        {
            return copy;
        }
        foreach (var field in ServerManagedMetadata)
        {
            metadata.Remove(field);
        }
        // Files without a namespace mean "default" to the analysis; say so, so that the output
        // does not land in whatever namespace the reader's context has.
        metadata["namespace"] ??= @namespace;
        if (metadata["annotations"] is JsonObject annotations)
        {
            annotations.Remove(LastAppliedAnnotation);
            if (annotations.Count == 0)
            {
                metadata.Remove("annotations");
            }
        }
        return copy;
    }

    /// <summary>For a backup that <c>kubectl apply -f</c> restores: also without
    /// <c>resourceVersion</c>, which would make the restore conflict with the merged object.</summary>
    public static JsonObject ForRestore(JsonObject raw, string @namespace)
    {
        var copy = ForApply(raw, @namespace);
        (copy["metadata"] as JsonObject)?.Remove("resourceVersion");
        return copy;
    }

    public static string? ResourceVersion(JsonObject obj) =>
        obj["metadata"]?["resourceVersion"] is JsonValue value && value.TryGetValue(out string? text) ? text : null;

    public static void SetResourceVersion(JsonObject obj, string? resourceVersion)
    {
        if (obj["metadata"] is JsonObject metadata)
        {
            if (resourceVersion is null)
            {
                metadata.Remove("resourceVersion");
            }
            else
            {
                metadata["resourceVersion"] = resourceVersion;
            }
        }
    }

    /// <summary>The object with its <c>spec</c> replaced and everything else as read: the body of
    /// a write that changes only what the plan changes.</summary>
    public static JsonObject WithSpec(JsonObject raw, JsonNode? spec)
    {
        var copy = raw.DeepClone().AsObject();
        copy["spec"] = spec?.DeepClone();
        return copy;
    }
}
