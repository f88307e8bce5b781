using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace IstioTls.TestApiServer;

/// <summary>
/// /_test/... for tests that run the server out of process: arm faults, read the request log, seed objects.
/// Only the admin users may call it.
/// </summary>
internal sealed class AdminEndpoints(FaultInjector faults, RequestLog log, ObjectStore store)
{
    public const string Prefix = "/_test/";

    public async Task HandleAsync(HttpContext http, TestUser user, string path)
    {
        if (user.Name is not ("admin" or "cert-admin"))
        {
            throw ApiErrors.ForbiddenPath(user.Name, http.Request.Method.ToLowerInvariant(), path);
        }
        var method = http.Request.Method;
        switch (path[Prefix.Length..].TrimEnd('/'))
        {
            case "faults" when HttpMethods.IsPost(method):
                var rule = faults.Add(FaultRule.Parse(await ReadObjectAsync(http).ConfigureAwait(false)));
                await Responses.WriteJsonAsync(http, 201, new JsonObject { ["kind"] = rule.Kind.ToString(), ["remaining"] = rule.Remaining }).ConfigureAwait(false);
                break;
            case "faults" when HttpMethods.IsDelete(method):
                faults.Clear();
                await Responses.WriteJsonAsync(http, 200, new JsonObject()).ConfigureAwait(false);
                break;
            case "latency" when HttpMethods.IsPost(method):
                faults.Latency = TimeSpan.FromMilliseconds(int.Parse(http.Request.Query["ms"].ToString(), CultureInfo.InvariantCulture));
                await Responses.WriteJsonAsync(http, 200, new JsonObject()).ConfigureAwait(false);
                break;
            case "requests" when HttpMethods.IsGet(method):
                var entries = new JsonArray([.. log.Entries.Select(e => (JsonNode)new JsonObject
                {
                    ["time"] = e.Time.ToString("O", CultureInfo.InvariantCulture),
                    ["method"] = e.Method,
                    ["path"] = e.Path,
                    ["query"] = e.Query,
                    ["user"] = e.User,
                    ["status"] = e.StatusCode,
                    ["verb"] = e.Verb,
                    ["resource"] = e.Resource,
                    ["fault"] = e.Fault,
                    ["connection"] = e.ConnectionId,
                })]);
                await Responses.WriteJsonAsync(http, 200, entries).ConfigureAwait(false);
                break;
            case "requests" when HttpMethods.IsDelete(method):
                log.Clear();
                await Responses.WriteJsonAsync(http, 200, new JsonObject()).ConfigureAwait(false);
                break;
            case "objects" when HttpMethods.IsPost(method):
                using (var reader = new StreamReader(http.Request.Body, Encoding.UTF8))
                {
                    var objects = Manifests.Parse(await reader.ReadToEndAsync(http.RequestAborted).ConfigureAwait(false));
                    store.PutRange(objects);
                    await Responses.WriteJsonAsync(http, 201, new JsonObject { ["stored"] = objects.Count }).ConfigureAwait(false);
                }
                break;
            case "expire-continue" when HttpMethods.IsPost(method):
                store.ExpireContinueTokens();
                await Responses.WriteJsonAsync(http, 200, new JsonObject()).ConfigureAwait(false);
                break;
            default:
                throw ApiErrors.PathNotFound();
        }
    }

    static async Task<JsonObject> ReadObjectAsync(HttpContext http)
    {
        using var reader = new StreamReader(http.Request.Body, Encoding.UTF8);
        var text = await reader.ReadToEndAsync(http.RequestAborted).ConfigureAwait(false);
        return JsonNode.Parse(text) as JsonObject ?? throw ApiErrors.BadRequest("expected a JSON object");
    }
}
