using System.Text;
using System.Text.Json.Nodes;

namespace IstioTls.TestApiServer;

/// <summary>
/// The same shape kube-apiserver uses: base64 of {"v":"meta.k8s.io/v1","rv":N,"start":"key\u0000"},
/// where start is relative to the list's key prefix. Clients must treat it as opaque.
/// </summary>
internal static class ContinueToken
{
    public static string Encode(long resourceVersion, string lastKeyInPrefix)
    {
        var json = new JsonObject { ["v"] = "meta.k8s.io/v1", ["rv"] = resourceVersion, ["start"] = lastKeyInPrefix + "\u0000" };
        return Convert.ToBase64String(Encoding.UTF8.GetBytes(json.ToJsonString())).TrimEnd('=').Replace('+', '-').Replace('/', '_');
    }

    public static (long ResourceVersion, string Start) Decode(string token)
    {
        try
        {
            var b64 = token.Replace('-', '+').Replace('_', '/');
            b64 = b64.PadRight(b64.Length + ((4 - (b64.Length % 4)) % 4), '=');
            var obj = Json.ParseObject(Convert.FromBase64String(b64));
            if (Json.String(obj, "v") != "meta.k8s.io/v1")
            {
                throw ApiErrors.BadRequest("continue key is not valid: incorrect encoded start resourceVersion (version meta.k8s.io/v1)");
            }
            var rv = obj["rv"]!.GetValue<long>();
            var start = Json.String(obj, "start") ?? "";
            if (rv <= 0 || start.Length == 0)
            {
                throw ApiErrors.BadRequest("continue key is not valid: incorrect encoded start resourceVersion (version meta.k8s.io/v1)");
            }
            return (rv, start);
        }
        catch (Exception e) when (e is FormatException or System.Text.Json.JsonException or InvalidOperationException or NullReferenceException)
        {
            throw ApiErrors.BadRequest($"continue key is not valid: {e.Message}");
        }
    }
}
