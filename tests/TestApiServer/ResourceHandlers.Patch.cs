using System.Text.Json.Nodes;

namespace IstioTls.TestApiServer;

/// <summary>PATCH: merge, strategic merge and JSON patch, and server-side apply.</summary>
internal sealed partial class ResourceHandlers
{
    async Task PatchAsync(Call call)
    {
        var contentType = call.Http.Request.ContentType?.Split(';')[0].Trim() ?? "";
        var text = await ReadBodyAsync(call.Http).ConfigureAwait(false);
        if (contentType == "application/apply-patch+yaml")
        {
            await ApplyAsync(call, text).ConfigureAwait(false);
            return;
        }
        JsonNode? patch;
        try
        {
            patch = JsonNode.Parse(text);
        }
        catch (System.Text.Json.JsonException e)
        {
            throw ApiErrors.BadRequest($"error decoding patch: {e.Message}");
        }
        Func<JsonObject, JsonNode?> apply = contentType switch
        {
            "application/merge-patch+json" => current => Patches.MergePatch(current, patch),
            "application/strategic-merge-patch+json" => current => Patches.StrategicMergePatch(current, patch),
            "application/json-patch+json" => current => Patches.JsonPatch(current, patch as JsonArray ?? throw ApiErrors.BadRequest("json patch must be an array")),
            _ => throw ApiErrors.UnsupportedMediaType(contentType),
        };
        var manager = Manager(call);
        var (_, patched) = store.Write(call.Type, call.Info.Namespace, call.Name, existing =>
        {
            if (existing is null)
            {
                throw ApiErrors.NotFound(call.Type, call.Name);
            }
            var current = existing.ToNode(call.ApiVersion);
            if (apply(current) is not JsonObject result)
            {
                throw ApiErrors.BadRequest("the patch did not produce an object");
            }
            var meta = Json.Metadata(result);
            // A resourceVersion in the patch is a precondition, as on the real server.
            if (Json.String(meta, "resourceVersion") is { Length: > 0 } rv && rv != existing.ResourceVersion)
            {
                throw ApiErrors.Modified(call.Type, call.Name);
            }
            if (Json.String(meta, "name") is { } n && n != call.Name)
            {
                throw ApiErrors.Invalid(call.Type, call.Name, "metadata.name", "FieldValueInvalid", $"Invalid value: \"{n}\": field is immutable");
            }
            return Changed(call, existing, result, manager);
        }, ObjectStore.Origin.Api, call.DryRun);
        await Responses.WriteBytesAsync(call.Http, 200, patched!.Utf8For(call.ApiVersion)).ConfigureAwait(false);
    }

    async Task ApplyAsync(Call call, string text)
    {
        var manager = call.Query("fieldManager");
        if (string.IsNullOrEmpty(manager))
        {
            throw ApiErrors.BadRequest("PATCH, application/apply-patch+yaml requires fieldManager to be set");
        }
        var force = call.Query("force") is "true" or "1";
        JsonObject applied;
        try
        {
            applied = Manifests.Parse(text, json: text.TrimStart().StartsWith('{')).SingleOrDefault() ?? throw ApiErrors.BadRequest("empty apply configuration");
        }
        catch (Exception e) when (e is FormatException or System.Text.Json.JsonException or InvalidOperationException)
        {
            throw ApiErrors.BadRequest($"error decoding YAML: {e.Message}");
        }
        if (string.IsNullOrEmpty(Json.String(applied, "apiVersion")) || string.IsNullOrEmpty(Json.String(applied, "kind")))
        {
            throw ApiErrors.BadRequest("apiVersion and kind must be set in an apply configuration");
        }
        CheckTypeOf(call, applied);
        var meta = Json.Metadata(applied);
        CheckName(call, Json.String(meta, "name"));
        CheckNamespace(call, meta);
        if (meta.ContainsKey("managedFields"))
        {
            throw ApiErrors.BadRequest("metadata.managedFields must be nil");
        }
        var (before, after) = store.Write(call.Type, call.Info.Namespace, call.Name, existing =>
        {
            var result = ManagedFields.Apply(existing?.ToNode(call.ApiVersion), applied, manager, force, call.ApiVersion, call.Type, call.Name);
            if (result is not null)
            {
                result["apiVersion"] = existing?.ApiVersion ?? call.ApiVersion;
            }
            return result;
        }, ObjectStore.Origin.Api, call.DryRun);
        await Responses.WriteBytesAsync(call.Http, before is null ? 201 : 200, after!.Utf8For(call.ApiVersion)).ConfigureAwait(false);
    }
}
