using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace IstioTls.TestApiServer;

/// <summary>The verbs on /api/v1/... and /apis/{group}/{version}/...: get, list, create, update, patch, delete.</summary>
internal sealed partial class ResourceHandlers(ResourceCatalog catalog, ObjectStore store)
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
            "watch" when info.Name is null => WatchAsync(call),
            "create" when info.Name is null => CreateAsync(call),
            "update" when info.Name is not null => UpdateAsync(call),
            "patch" when info.Name is not null => PatchAsync(call),
            "delete" => DeleteAsync(call),
            "deletecollection" => DeleteCollectionAsync(call),
            _ => throw ApiErrors.MethodNotAllowed(),
        };
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
