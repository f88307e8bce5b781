using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace IstioTls.TestApiServer;

/// <summary>Writes JSON responses the way kube-apiserver does (content type, Status bodies, Retry-After).</summary>
internal static class Responses
{
    public const string JsonType = "application/json";
    public const string TableType = "application/json;as=Table;v=v1;g=meta.k8s.io";

    public static Task WriteJsonAsync(HttpContext context, int status, JsonNode body, string contentType = JsonType) =>
        WriteBytesAsync(context, status, Json.ToUtf8(body), contentType);

    public static async Task WriteBytesAsync(HttpContext context, int status, byte[] body, string contentType = JsonType)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = contentType;
        context.Response.ContentLength = body.Length;
        if (!HttpMethods.IsHead(context.Request.Method))
        {
            await context.Response.Body.WriteAsync(body, context.RequestAborted).ConfigureAwait(false);
        }
    }

    public static Task WriteErrorAsync(HttpContext context, ApiException error)
    {
        if (error.RetryAfterSeconds is int seconds)
        {
            context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        }
        return WriteJsonAsync(context, error.Code, error.ToStatus());
    }

    /// <summary>A list envelope around cached item bytes, streamed without building a tree.</summary>
    public static async Task WriteListAsync(HttpContext context, ResourceType type, string version, ObjectStore.ListResult list)
    {
        var apiVersion = type.ApiVersion(version);
        context.Response.StatusCode = 200;
        context.Response.ContentType = JsonType;
        var output = context.Response.BodyWriter;
        using (var writer = Json.Writer(output))
        {
            writer.WriteStartObject();
            writer.WriteString("kind", type.ListKind);
            writer.WriteString("apiVersion", apiVersion);
            writer.WriteStartObject("metadata");
            writer.WriteString("resourceVersion", list.ResourceVersion.ToString(CultureInfo.InvariantCulture));
            if (list.Continue is not null)
            {
                writer.WriteString("continue", list.Continue);
            }
            if (list.RemainingItemCount is long remaining)
            {
                writer.WriteNumber("remainingItemCount", remaining);
            }
            writer.WriteEndObject();
            writer.WriteStartArray("items");
            foreach (var item in list.Items)
            {
                writer.WriteRawValue(item.Utf8For(apiVersion), skipInputValidation: true);
                if (writer.BytesPending > 64 * 1024)
                {
                    writer.Flush();
                    await output.FlushAsync(context.RequestAborted).ConfigureAwait(false);
                }
            }
            writer.WriteEndArray();
            writer.WriteEndObject();
        }
        await output.FlushAsync(context.RequestAborted).ConfigureAwait(false);
    }
}
