using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace IstioTls.TestApiServer;

/// <summary>The verbs on /api/v1/... and /apis/{group}/{version}/...: get, list, create, update, patch, delete.</summary>
internal sealed class ResourceHandlers(ResourceCatalog catalog, ObjectStore store)
{
    sealed record Call(HttpContext Http, RequestInfo Info, ResourceType Type, TestUser User)
    {
        public string ApiVersion => Type.ApiVersion(Info.Version);
        public string Name => Info.Name!;
        public string? Query(string key) => Http.Request.Query.TryGetValue(key, out var v) ? v.ToString() : null;
        public bool DryRun => Query("dryRun") == "All";
    }

    public Task HandleAsync(HttpContext http, RequestInfo info, TestUser user)
    {
        var type = catalog.FindServed(info.Group, info.Version, info.Resource) ?? throw ApiErrors.PathNotFound();
        // A namespaced type needs a namespace to address one object; cluster-scoped types never have one.
        if (info.Subresource is not null
            || (type.Namespaced && info.Name is not null && info.Namespace is null)
            || (!type.Namespaced && info.Namespace is not null && type.Resource != "namespaces"))
        {
            throw ApiErrors.PathNotFound();
        }
        var call = new Call(http, info, type, user);
        return info.Verb switch
        {
            "get" => GetAsync(call),
            "list" => ListAsync(call),
            "create" when info.Name is null => CreateAsync(call),
            "update" when info.Name is not null => UpdateAsync(call),
            "patch" when info.Name is not null => PatchAsync(call),
            "delete" => DeleteAsync(call),
            "deletecollection" => DeleteCollectionAsync(call),
            _ => throw ApiErrors.MethodNotAllowed(),
        };
    }

    static bool WantsTable(HttpContext http) =>
        http.Request.Headers.Accept.ToString().Contains("as=Table", StringComparison.Ordinal);

    Task GetAsync(Call call)
    {
        var obj = store.Find(call.Type, call.Info.Namespace, call.Name) ?? throw ApiErrors.NotFound(call.Type, call.Name);
        if (WantsTable(call.Http))
        {
            var table = TableConverter.Convert(call.Type, call.Info.Version, [obj], obj.ResourceVersion, null, null, call.Query("includeObject") ?? "Metadata");
            return Responses.WriteJsonAsync(call.Http, 200, table, Responses.TableType);
        }
        return Responses.WriteBytesAsync(call.Http, 200, obj.Utf8For(call.ApiVersion));
    }

    Task ListAsync(Call call)
    {
        var labels = LabelSelector.Parse(call.Query("labelSelector"));
        var fields = FieldSelector.Parse(call.Query("fieldSelector"));
        var limit = 0;
        if (call.Query("limit") is { Length: > 0 } l && (!int.TryParse(l, CultureInfo.InvariantCulture, out limit) || limit < 0))
        {
            throw ApiErrors.BadRequest($"limit: Invalid value: \"{l}\": must be a non-negative integer");
        }
        var ns = call.Type.Namespaced ? call.Info.Namespace : null;
        var page = store.ListPage(call.Type, ns, labels, fields, limit, call.Query("continue"));
        if (WantsTable(call.Http))
        {
            var table = TableConverter.Convert(call.Type, call.Info.Version, page.Items, page.ResourceVersion.ToString(CultureInfo.InvariantCulture), page.Continue, page.RemainingItemCount, call.Query("includeObject") ?? "Metadata");
            return Responses.WriteJsonAsync(call.Http, 200, table, Responses.TableType);
        }
        return Responses.WriteListAsync(call.Http, call.Type, call.Info.Version, page);
    }

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

    /// <summary>The object to store for an update, or null when it would change nothing (no new resourceVersion, as in etcd).</summary>
    static JsonObject? Changed(Call call, StoredObject existing, JsonObject proposed, string manager)
    {
        var previous = existing.ToNode(call.ApiVersion);
        var meta = Json.Metadata(proposed);
        foreach (var key in new[] { "uid", "creationTimestamp", "resourceVersion", "generation" })
        {
            meta[key] = previous["metadata"]?[key]?.DeepClone();
            if (meta[key] is null)
            {
                meta.Remove(key);
            }
        }
        // Omitted managedFields keep the old ones; a client that sends them (kubectl's client-side to
        // server-side apply migration does) replaces them, as on the real server.
        var sentManagedFields = meta["managedFields"] is JsonArray;
        if (!sentManagedFields)
        {
            meta.Remove("managedFields");
            if (previous["metadata"]?["managedFields"] is JsonNode mf)
            {
                meta["managedFields"] = mf.DeepClone();
            }
        }
        proposed["apiVersion"] = call.ApiVersion;
        proposed["kind"] = call.Type.Kind;
        meta["name"] = call.Name;
        if (call.Type.Namespaced)
        {
            meta["namespace"] = call.Info.Namespace;
        }
        if (JsonNode.DeepEquals(previous, proposed))
        {
            return null;
        }
        if (sentManagedFields)
        {
            var basis = (JsonObject)previous.DeepClone();
            Json.Metadata(basis)["managedFields"] = meta["managedFields"]!.DeepClone();
            previous = basis;
        }
        ManagedFields.RecordUpdate(proposed, previous, manager, call.ApiVersion);
        return proposed;
    }

    static void CheckTypeOf(Call call, JsonObject body)
    {
        var apiVersion = Json.String(body, "apiVersion");
        var kind = Json.String(body, "kind");
        if (apiVersion is not null && ResourceType.SplitApiVersion(apiVersion).Group != call.Type.Group)
        {
            throw ApiErrors.BadRequest($"the API version in the data ({apiVersion}) does not match the expected API version ({call.ApiVersion})");
        }
        if (kind is not null && kind != call.Type.Kind)
        {
            throw ApiErrors.BadRequest($"the kind in the data ({kind}) does not match the expected kind ({call.Type.Kind})");
        }
    }

    static void CheckName(Call call, string? name)
    {
        if (!string.IsNullOrEmpty(name) && name != call.Name)
        {
            throw ApiErrors.BadRequest($"the name of the object ({name}) does not match the name on the URL ({call.Name})");
        }
    }

    static void CheckNamespace(Call call, JsonObject meta)
    {
        var ns = Json.String(meta, "namespace");
        if (call.Type.Namespaced && !string.IsNullOrEmpty(ns) && ns != call.Info.Namespace)
        {
            throw ApiErrors.BadRequest("the namespace of the provided object does not match the namespace sent on the request");
        }
    }

    // Like the real server: the fieldManager parameter, else the client's user-agent program name.
    static string Manager(Call call)
    {
        if (call.Query("fieldManager") is { Length: > 0 } m)
        {
            return m;
        }
        var agent = call.Http.Request.Headers.UserAgent.ToString();
        var slash = agent.IndexOf('/', StringComparison.Ordinal);
        return slash > 0 ? agent[..slash] : agent.Length > 0 ? agent : "unknown";
    }

    static string RandomSuffix()
    {
        const string alphabet = "bcdfghjklmnpqrstvwxz2456789";
        return string.Create(5, 0, (span, _) =>
        {
            for (var i = 0; i < span.Length; i++)
            {
                span[i] = alphabet[Random.Shared.Next(alphabet.Length)];
            }
        });
    }

    static async Task<string> ReadBodyAsync(HttpContext http)
    {
        using var reader = new StreamReader(http.Request.Body, Encoding.UTF8);
        return await reader.ReadToEndAsync(http.RequestAborted).ConfigureAwait(false);
    }

    static async Task<JsonObject> ReadObjectAsync(Call call)
    {
        var contentType = call.Http.Request.ContentType ?? "application/json";
        // Typed Go clients (kubectl create namespace|secret|configmap) send protobuf; this server only
        // speaks JSON and YAML, and says so the way the real server does for a format it lacks.
        if (contentType.Contains("protobuf", StringComparison.OrdinalIgnoreCase) || contentType.Contains("cbor", StringComparison.OrdinalIgnoreCase))
        {
            throw new ApiException(415, "UnsupportedMediaType", "the body of the request was in an unknown format - accepted media types include: application/json, application/yaml");
        }
        var text = await ReadBodyAsync(call.Http).ConfigureAwait(false);
        var yaml = contentType.Contains("yaml", StringComparison.OrdinalIgnoreCase);
        try
        {
            return Manifests.Parse(text, json: !yaml).SingleOrDefault() ?? throw ApiErrors.BadRequest("empty request body");
        }
        catch (Exception e) when (e is FormatException or System.Text.Json.JsonException or InvalidOperationException)
        {
            throw ApiErrors.BadRequest($"the body of the request could not be decoded: {e.Message}");
        }
    }

    static async Task<JsonObject?> ReadOptionalObjectAsync(HttpContext http)
    {
        var text = await ReadBodyAsync(http).ConfigureAwait(false);
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }
        try
        {
            return JsonNode.Parse(text) as JsonObject;
        }
        catch (System.Text.Json.JsonException e)
        {
            throw ApiErrors.BadRequest($"the body of the request could not be decoded: {e.Message}");
        }
    }
}
