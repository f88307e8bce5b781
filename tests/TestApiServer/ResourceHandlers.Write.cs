using System.Text.Json.Nodes;

namespace IstioTls.TestApiServer;

/// <summary>create, update, delete and deletecollection.</summary>
internal sealed partial class ResourceHandlers
{
    async Task CreateAsync(Call call)
    {
        var body = await ReadObjectAsync(call).ConfigureAwait(false);
        CheckTypeOf(call, body);
        var meta = Json.Metadata(body);
        var name = Json.String(meta, "name");
        if (string.IsNullOrEmpty(name))
        {
            var prefix = Json.String(meta, "generateName");
            if (string.IsNullOrEmpty(prefix))
            {
                throw ApiErrors.Invalid(call.Type, "", "metadata.name", "FieldValueRequired", "Required value: name or generateName is required");
            }
            name = prefix + RandomSuffix();
        }
        CheckNamespace(call, meta);
        if (Json.String(meta, "resourceVersion") is { Length: > 0 })
        {
            throw ApiErrors.BadRequest("resourceVersion should not be set on objects to be created");
        }
        var manager = Manager(call);
        var (_, created) = store.Write(call.Type, call.Info.Namespace, name, existing =>
        {
            if (existing is not null)
            {
                throw ApiErrors.AlreadyExists(call.Type, name);
            }
            body["apiVersion"] = call.ApiVersion;
            meta.Remove("managedFields");
            ManagedFields.RecordUpdate(body, null, manager, call.ApiVersion);
            return body;
        }, ObjectStore.Origin.Api, call.DryRun);
        await Responses.WriteBytesAsync(call.Http, 201, created!.Utf8For(call.ApiVersion)).ConfigureAwait(false);
    }

    async Task UpdateAsync(Call call)
    {
        var body = await ReadObjectAsync(call).ConfigureAwait(false);
        CheckTypeOf(call, body);
        var meta = Json.Metadata(body);
        CheckName(call, Json.String(meta, "name"));
        CheckNamespace(call, meta);
        var manager = Manager(call);
        var (_, updated) = store.Write(call.Type, call.Info.Namespace, call.Name, existing =>
        {
            if (existing is null)
            {
                throw ApiErrors.NotFound(call.Type, call.Name);
            }
            if (Json.String(meta, "resourceVersion") is { Length: > 0 } rv && rv != existing.ResourceVersion)
            {
                throw ApiErrors.Modified(call.Type, call.Name);
            }
            return Changed(call, existing, body, manager);
        }, ObjectStore.Origin.Api, call.DryRun);
        await Responses.WriteBytesAsync(call.Http, 200, updated!.Utf8For(call.ApiVersion)).ConfigureAwait(false);
    }

    async Task DeleteAsync(Call call)
    {
        var options = await ReadOptionalObjectAsync(call.Http).ConfigureAwait(false);
        var preconditions = options?["preconditions"] as JsonObject;
        var uid = Json.String(preconditions, "uid");
        var rv = Json.String(preconditions, "resourceVersion");
        var dryRun = call.DryRun || (options?["dryRun"] is JsonArray d && d.Any(x => x?.ToString() == "All"));
        var deleted = store.Remove(call.Type, call.Info.Namespace, call.Name, existing =>
        {
            if (uid is not null && uid != existing.Uid)
            {
                throw ApiErrors.Conflict(call.Type, call.Name, $"Precondition failed: UID in precondition: {uid}, UID in object meta: {existing.Uid}");
            }
            if (rv is not null && rv != existing.ResourceVersion)
            {
                throw ApiErrors.Conflict(call.Type, call.Name, $"Precondition failed: ResourceVersion in precondition: {rv}, ResourceVersion in object meta: {existing.ResourceVersion}");
            }
        }, dryRun);
        if (call.Type.IsCustomResource)
        {
            // Custom resources answer a delete with a success Status; built-in types return the object.
            var details = new JsonObject { ["name"] = deleted.Name, ["group"] = call.Type.Group, ["kind"] = call.Type.Resource, ["uid"] = deleted.Uid };
            var status = new JsonObject { ["kind"] = "Status", ["apiVersion"] = "v1", ["metadata"] = new JsonObject(), ["status"] = "Success", ["details"] = details };
            await Responses.WriteJsonAsync(call.Http, 200, status).ConfigureAwait(false);
            return;
        }
        await Responses.WriteBytesAsync(call.Http, 200, deleted.Utf8For(call.ApiVersion)).ConfigureAwait(false);
    }

    async Task DeleteCollectionAsync(Call call)
    {
        var labels = LabelSelector.Parse(call.Query("labelSelector"));
        var fields = FieldSelector.Parse(call.Query("fieldSelector"));
        var ns = call.Type.Namespaced ? call.Info.Namespace : null;
        var page = store.ListPage(call.Type, ns, labels, fields, 0, null);
        var deleted = new List<StoredObject>();
        foreach (var item in page.Items)
        {
            try
            {
                deleted.Add(store.Remove(call.Type, item.Namespace, item.Name, null, call.DryRun));
            }
            catch (ApiException e) when (e.Code == 404)
            {
                // Deleted by someone else meanwhile: nothing left to do for it.
            }
        }
        await Responses.WriteListAsync(call.Http, call.Type, call.Info.Version, new ObjectStore.ListResult(deleted, store.CurrentResourceVersion, null, null)).ConfigureAwait(false);
    }
}
