using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using IstioTls.Model;

namespace IstioTls.Cluster;

/// <summary>The writes plans make, sent to one context's API server; with
/// <paramref name="serverDryRun"/> (<c>--dry-run=server</c>) each carries <c>dryRun=All</c>, so
/// the server validates it and answers as if it had made it, and changes nothing.</summary>
public sealed class ClusterObjects(KubeConnection connection, bool serverDryRun = false) : IClusterObjects
{
    public async Task<JsonObject?> GetAsync(ObjectRef target, CancellationToken cancellationToken)
    {
        var node = await connection.GetJsonAsync(PathOf(target), cancellationToken).ConfigureAwait(false);
        return node as JsonObject;
    }

    public async Task<JsonObject> ReplaceAsync(JsonObject body, CancellationToken cancellationToken)
    {
        var target = RefOf(body);
        var path = DryRun(PathOf(target));
        using var response = await connection.SendAsync(HttpMethod.Put, path, () => Json(body, "application/json"), cancellationToken).ConfigureAwait(false);
        await connection.EnsureSuccessAsync(response, "update", path, cancellationToken).ConfigureAwait(false);
        return await connection.ReadJsonAsync(response, path, cancellationToken).ConfigureAwait(false) as JsonObject ?? body;
    }

    public async Task DeleteAsync(ObjectRef target, string? resourceVersion, CancellationToken cancellationToken)
    {
        var path = DryRun(PathOf(target));
        var options = new JsonObject { ["kind"] = "DeleteOptions", ["apiVersion"] = "v1" };
        if (resourceVersion is not null)
        {
            options["preconditions"] = new JsonObject { ["resourceVersion"] = resourceVersion };
        }
        using var response = await connection.SendAsync(HttpMethod.Delete, path, () => Json(options, "application/json"), cancellationToken).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return;
        }
        await connection.EnsureSuccessAsync(response, "delete", path, cancellationToken).ConfigureAwait(false);
    }

    public async Task<JsonObject> ApplyAsync(JsonObject body, string fieldManager, bool force, CancellationToken cancellationToken)
    {
        var path = DryRun(PathOf(RefOf(body)) + $"?fieldManager={Uri.EscapeDataString(fieldManager)}&force={(force ? "true" : "false")}");
        // JSON is YAML: the apply-patch content type takes either.
        using var response = await connection.SendAsync(HttpMethod.Patch, path, () => Json(body, "application/apply-patch+yaml"), cancellationToken).ConfigureAwait(false);
        await connection.EnsureSuccessAsync(response, "patch", path, cancellationToken).ConfigureAwait(false);
        return await connection.ReadJsonAsync(response, path, cancellationToken).ConfigureAwait(false) as JsonObject ?? body;
    }

    /// <summary>The REST path of an object: <c>/apis/group/version/namespaces/ns/plural/name</c>
    /// (core objects under <c>/api/v1</c>).</summary>
    public static string PathOf(ObjectRef target)
    {
        var root = target.ApiVersion.Contains('/', StringComparison.Ordinal) ? $"/apis/{target.ApiVersion}" : $"/api/{target.ApiVersion}";
        return $"{root}/namespaces/{Uri.EscapeDataString(target.Namespace)}/{Plural(target.Kind)}/{Uri.EscapeDataString(target.Name)}";
    }

    private string DryRun(string path) =>
        serverDryRun ? path + (path.Contains('?', StringComparison.Ordinal) ? "&" : "?") + "dryRun=All" : path;

    // The kinds plans write are all regular: lower case plus "s".
    private static string Plural(string kind) => kind.ToLowerInvariant() + "s";

    private static ObjectRef RefOf(JsonObject body) => new(
        (string?)body["apiVersion"] ?? throw new ArgumentException("object without apiVersion"),
        (string?)body["kind"] ?? throw new ArgumentException("object without kind"),
        (string?)body["metadata"]?["namespace"] ?? "default",
        (string?)body["metadata"]?["name"] ?? throw new ArgumentException("object without metadata.name"));

    private static ByteArrayContent Json(JsonObject body, string mediaType)
    {
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes(body.ToJsonString()));
        content.Headers.ContentType = new MediaTypeHeaderValue(mediaType);
        return content;
    }
}
