using System.Text.Json.Nodes;

namespace IstioTls.TestApiServer;

/// <summary>A failure answered with a Status object, the way kube-apiserver answers every error.</summary>
public sealed class ApiException : Exception
{
    public ApiException(int code, string reason, string message, JsonObject? details = null)
        : base(message)
    {
        Code = code;
        Reason = reason;
        Details = details;
    }

    public int Code { get; }
    public string Reason { get; }
    public JsonObject? Details { get; }

    /// <summary>Seconds for a Retry-After header, when the status asks the client to come back.</summary>
    public int? RetryAfterSeconds { get; init; }

    // Field order matches what kube-apiserver writes, so byte-level comparisons in tests stay meaningful.
    public JsonObject ToStatus()
    {
        var status = new JsonObject
        {
            ["kind"] = "Status",
            ["apiVersion"] = "v1",
            ["metadata"] = new JsonObject(),
            ["status"] = "Failure",
            ["message"] = Message,
            ["reason"] = Reason,
        };
        if (Details is not null)
        {
            status["details"] = Details.DeepClone();
        }
        status["code"] = Code;
        return status;
    }
}
