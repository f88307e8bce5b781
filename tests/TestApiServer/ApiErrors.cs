using System.Text.Json.Nodes;

namespace IstioTls.TestApiServer;

/// <summary>The errors kube-apiserver sends, with its wording, so clients that parse messages behave as in production.</summary>
public static class ApiErrors
{
    static JsonObject Details(ResourceType? type, string? name, string? kind = null)
    {
        var d = new JsonObject();
        if (!string.IsNullOrEmpty(name))
        {
            d["name"] = name;
        }
        if (type is not null)
        {
            if (type.Group.Length > 0)
            {
                d["group"] = type.Group;
            }
            d["kind"] = kind ?? type.Resource;
        }
        return d;
    }

    public static ApiException NotFound(ResourceType type, string name) =>
        new(404, "NotFound", $"{type.QualifiedResource} \"{name}\" not found", Details(type, name));

    public static ApiException PathNotFound() =>
        new(404, "NotFound", "the server could not find the requested resource", new JsonObject());

    public static ApiException AlreadyExists(ResourceType type, string name) =>
        new(409, "AlreadyExists", $"{type.QualifiedResource} \"{name}\" already exists", Details(type, name));

    public static ApiException Conflict(ResourceType type, string name, string why) =>
        new(409, "Conflict", $"Operation cannot be fulfilled on {type.QualifiedResource} \"{name}\": {why}", Details(type, name));

    public static ApiException Modified(ResourceType type, string name) =>
        Conflict(type, name, "the object has been modified; please apply your changes to the latest version and try again");

    public static ApiException Forbidden(string user, string verb, string group, string resource, string? ns, string? name)
    {
        var qualified = group.Length == 0 ? resource : resource + "." + group;
        var scope = string.IsNullOrEmpty(ns) ? "at the cluster scope" : $"in the namespace \"{ns}\"";
        var why = $"User \"{user}\" cannot {verb} resource \"{resource}\" in API group \"{group}\" {scope}";
        var message = string.IsNullOrEmpty(name) ? $"{qualified} is forbidden: {why}" : $"{qualified} \"{name}\" is forbidden: {why}";
        var details = new JsonObject();
        if (!string.IsNullOrEmpty(name))
        {
            details["name"] = name;
        }
        if (group.Length > 0)
        {
            details["group"] = group;
        }
        details["kind"] = resource;
        return new ApiException(403, "Forbidden", message, details);
    }

    public static ApiException ForbiddenPath(string user, string verb, string path) =>
        new(403, "Forbidden", $"forbidden: User \"{user}\" cannot {verb} path \"{path}\"", new JsonObject());

    public static ApiException Unauthorized() => new(401, "Unauthorized", "Unauthorized");

    public static ApiException BadRequest(string message) => new(400, "BadRequest", message);

    public static ApiException MethodNotAllowed() =>
        new(405, "MethodNotAllowed", "the server does not allow this method on the requested resource", new JsonObject());

    public static ApiException UnsupportedMediaType(string contentType) =>
        new(415, "UnsupportedMediaType", $"the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml, application/strategic-merge-patch+json; got {contentType}");

    public static ApiException Invalid(ResourceType type, string name, string field, string causeReason, string detail)
    {
        var details = Details(type, name, type.Kind);
        details["causes"] = new JsonArray(new JsonObject { ["reason"] = causeReason, ["message"] = detail, ["field"] = field });
        var kind = type.Group.Length == 0 ? type.Kind : type.Kind + "." + type.Group;
        return new ApiException(422, "Invalid", $"{kind} \"{name}\" is invalid: {field}: {detail}", details);
    }

    public static ApiException Expired() =>
        new(410, "Expired", "The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter.");

    public static ApiException TooManyRequests(int retryAfterSeconds) =>
        new(429, "TooManyRequests", "Too many requests, please try again later.", new JsonObject { ["retryAfterSeconds"] = retryAfterSeconds })
        {
            RetryAfterSeconds = retryAfterSeconds,
        };

    public static ApiException InternalError(string why) =>
        new(500, "InternalError", $"Internal error occurred: {why}", new JsonObject { ["causes"] = new JsonArray(new JsonObject { ["message"] = why }) });

    public static ApiException ServiceUnavailable(string why) =>
        new(503, "ServiceUnavailable", why);

    /// <summary>Any other status code a fault asks for, with the reason kube-apiserver would give it.</summary>
    public static ApiException ForStatusCode(int code) => code switch
    {
        500 => InternalError("injected fault"),
        503 => ServiceUnavailable("the server is currently unable to handle the request"),
        504 => new ApiException(504, "Timeout", "the server was unable to return a response in the time allotted, but may still be processing the request"),
        429 => TooManyRequests(1),
        410 => Expired(),
        _ => new ApiException(code, "InternalError", $"injected fault with status {code}"),
    };
}
