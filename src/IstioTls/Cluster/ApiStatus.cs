using System.Net;
using System.Text.Json.Nodes;

namespace IstioTls.Cluster;

/// <summary>An error answer of the API server: its Status object, or the bare HTTP status.</summary>
public sealed record ApiStatus(HttpStatusCode Code, string? Reason, string? Message)
{
    public static ApiStatus From(HttpStatusCode code, string body)
    {
        try
        {
            if (JsonNode.Parse(body) is JsonObject status && (string?)status["kind"] == "Status")
            {
                return new ApiStatus(code, (string?)status["reason"], (string?)status["message"]);
            }
        }
        catch (System.Text.Json.JsonException)
        {
            // Not a Status object (a proxy's HTML page): fall through to the bare code.
        }
        return new ApiStatus(code, null, null);
    }

    public override string ToString()
    {
        var text = (int)Code + " " + (Reason ?? Code.ToString());
        return Message is null ? text : $"{Message} ({text})";
    }
}
