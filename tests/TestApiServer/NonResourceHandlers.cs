using Microsoft.AspNetCore.Http;

namespace IstioTls.TestApiServer;

/// <summary>Discovery, OpenAPI, /version and health endpoints. Documents are built once; they never change.</summary>
internal sealed class NonResourceHandlers
{
    readonly Dictionary<string, byte[]> _documents = new(StringComparer.Ordinal);
    readonly OpenApi _openApi;
    readonly byte[] _openApiV2Json;
    readonly Dictionary<(string Path, string Version), byte[]> _aggregated = [];

    public NonResourceHandlers(ResourceCatalog catalog, string kubernetesVersion, string serverAddress, bool aggregatedDiscovery)
    {
        if (aggregatedDiscovery)
        {
            var aggregated = new AggregatedDiscovery(catalog);
            foreach (var version in new[] { "v2", "v2beta1" })
            {
                _aggregated[("/api", version)] = Json.ToUtf8(aggregated.Document(core: true, version));
                _aggregated[("/apis", version)] = Json.ToUtf8(aggregated.Document(core: false, version));
            }
        }
        var discovery = new Discovery(catalog, kubernetesVersion);
        _openApi = new OpenApi(catalog, kubernetesVersion);
        _openApiV2Json = Json.ToUtf8(_openApi.V2Json());
        _documents["/version"] = Json.ToUtf8(discovery.Version());
        _documents["/api"] = Json.ToUtf8(discovery.CoreVersions(serverAddress));
        _documents["/api/v1"] = Json.ToUtf8(discovery.ResourceList("", "v1")!);
        _documents["/apis"] = Json.ToUtf8(discovery.GroupList());
        _documents["/openapi/v3"] = Json.ToUtf8(_openApi.V3Root());
        foreach (var group in catalog.ServedGroups.Where(g => g.Length > 0))
        {
            _documents[$"/apis/{group}"] = Json.ToUtf8(discovery.Group(group)!);
            foreach (var version in catalog.ServedVersions(group))
            {
                _documents[$"/apis/{group}/{version}"] = Json.ToUtf8(discovery.ResourceList(group, version)!);
            }
        }
    }

    public Task HandleAsync(HttpContext http, string path)
    {
        if (!HttpMethods.IsGet(http.Request.Method) && !HttpMethods.IsHead(http.Request.Method))
        {
            throw ApiErrors.MethodNotAllowed();
        }
        path = path.Length > 1 ? path.TrimEnd('/') : path;
        if (path is "/api" or "/apis" && _aggregated.Count > 0
            && AggregatedDiscovery.Negotiate(http.Request.Headers.Accept.ToString()) is { } version)
        {
            http.Response.Headers.Vary = "Accept";
            return Responses.WriteBytesAsync(http, 200, _aggregated[(path, version)], AggregatedDiscovery.ContentType(version));
        }
        if (_documents.TryGetValue(path, out var doc))
        {
            return Responses.WriteBytesAsync(http, 200, doc);
        }
        if (path == "/openapi/v2")
        {
            // kubectl asks for protobuf only; other clients get JSON.
            return http.Request.Headers.Accept.ToString().Contains("protobuf", StringComparison.Ordinal)
                ? Responses.WriteBytesAsync(http, 200, _openApi.V2Protobuf(), OpenApi.V2ProtobufType)
                : Responses.WriteBytesAsync(http, 200, _openApiV2Json);
        }
        if (path.StartsWith("/openapi/v3/", StringComparison.Ordinal) && _openApi.V3Document(path["/openapi/v3/".Length..]) is { } v3)
        {
            return Responses.WriteBytesAsync(http, 200, v3);
        }
        if (path is "/healthz" or "/livez" or "/readyz")
        {
            http.Response.StatusCode = 200;
            http.Response.ContentType = "text/plain; charset=utf-8";
            return http.Response.WriteAsync("ok", http.RequestAborted);
        }
        throw ApiErrors.PathNotFound();
    }

}
