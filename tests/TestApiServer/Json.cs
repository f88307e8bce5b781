using System.Buffers;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace IstioTls.TestApiServer;

/// <summary>Small helpers for Kubernetes-shaped JSON.</summary>
public static class Json
{
    // Relaxed escaping keeps '+' and non-ASCII readable, close to what Go's encoder emits.
    static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, SkipValidation = true };

    public static byte[] ToUtf8(JsonNode node)
    {
        var buffer = new ArrayBufferWriter<byte>(1024);
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            node.WriteTo(writer);
        }
        return buffer.WrittenSpan.ToArray();
    }

    public static Utf8JsonWriter Writer(IBufferWriter<byte> output) => new(output, WriterOptions);

    public static JsonObject ParseObject(ReadOnlySpan<byte> utf8) =>
        JsonNode.Parse(utf8) as JsonObject ?? throw new JsonException("expected a JSON object");

    public static JsonObject Metadata(JsonObject obj)
    {
        if (obj["metadata"] is JsonObject m)
        {
            return m;
        }
        m = new JsonObject();
        obj["metadata"] = m;
        return m;
    }

    public static string? String(JsonNode? node, string key) =>
        node is JsonObject o && o[key] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    public static string? MetaString(JsonObject obj, string key) => String(obj["metadata"], key);

    public static string Timestamp(DateTimeOffset t) =>
        t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    public static Dictionary<string, string> Labels(JsonObject obj)
    {
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        if (obj["metadata"] is JsonObject m && m["labels"] is JsonObject l)
        {
            foreach (var (k, v) in l)
            {
                if (v is JsonValue jv)
                {
                    labels[k] = jv.GetValueKind() == JsonValueKind.String ? jv.GetValue<string>() : jv.ToJsonString();
                }
            }
        }
        return labels;
    }

    /// <summary>The object without metadata and status: what a change to bumps metadata.generation.</summary>
    public static JsonObject SpecPart(JsonObject obj)
    {
        var copy = new JsonObject();
        foreach (var (k, v) in obj)
        {
            if (k is not ("metadata" or "status" or "apiVersion" or "kind"))
            {
                copy[k] = v?.DeepClone();
            }
        }
        return copy;
    }
}
