using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace IstioTls.TestApiServer.Tests;

public sealed record HttpResult(HttpStatusCode Status, JsonNode? Body, HttpResponseHeaders Headers, string? ContentType, string Text)
{
    public JsonObject Object => Body as JsonObject ?? throw new InvalidOperationException($"expected an object, got {Body?.ToJsonString()}");
    public int Code => (int)Status;
}

/// <summary>Raw API calls, as the plugin's own list calls make them.</summary>
public static class Http
{
    public static async Task<HttpResult> SendAsync(this HttpClient client, HttpMethod method, string url, string? body = null, string contentType = "application/json")
    {
        using var request = new HttpRequestMessage(method, url);
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8);
            request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        }
        using var response = await client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return new HttpResult(response.StatusCode, text.Length == 0 ? null : JsonNode.Parse(text), response.Headers, response.Content.Headers.ContentType?.ToString(), text);
    }

    public static Task<HttpResult> GetJsonAsync(this HttpClient client, string url) => client.SendAsync(HttpMethod.Get, url);

    public static string Str(this JsonNode? node, string path)
    {
        foreach (var part in path.Split('.'))
        {
            node = node?[part];
        }
        return node?.GetValue<string>() ?? throw new InvalidOperationException($"no string at {path}");
    }
}
