namespace IstioTls.TestApiServer;

/// <summary>What a request path means, parsed the way kube-apiserver's RequestInfoFactory does.</summary>
internal sealed record RequestInfo(
    string Path,
    bool IsResourceRequest,
    string Verb,
    string Group,
    string Version,
    string Resource,
    string? Namespace,
    string? Name,
    string? Subresource)
{
    public static RequestInfo Parse(string method, string path, bool watch)
    {
        var segments = path.Trim('/').Split('/', StringSplitOptions.RemoveEmptyEntries);
        var nonResource = new RequestInfo(path, false, method.ToLowerInvariant(), "", "", "", null, null, null);
        string group, version;
        string[] rest;
        if (segments.Length >= 2 && segments[0] == "api")
        {
            (group, version, rest) = ("", segments[1], segments[2..]);
        }
        else if (segments.Length >= 3 && segments[0] == "apis")
        {
            (group, version, rest) = (segments[1], segments[2], segments[3..]);
        }
        else
        {
            return nonResource;
        }
        if (rest.Length == 0)
        {
            return nonResource;
        }

        string? ns = null, name = null, sub = null;
        string resource;
        if (rest[0] == "namespaces" && rest.Length >= 3)
        {
            ns = rest[1];
            resource = rest[2];
            name = rest.Length > 3 ? rest[3] : null;
            sub = rest.Length > 4 ? string.Join('/', rest[4..]) : null;
        }
        else
        {
            resource = rest[0];
            name = rest.Length > 1 ? rest[1] : null;
            sub = rest.Length > 2 ? string.Join('/', rest[2..]) : null;
            // A namespace object is "in" itself, which is how RBAC sees it.
            if (group.Length == 0 && resource == "namespaces")
            {
                ns = name;
            }
        }

        var verb = method.ToUpperInvariant() switch
        {
            "GET" or "HEAD" => name is null ? (watch ? "watch" : "list") : (watch ? "watch" : "get"),
            "POST" => "create",
            "PUT" => "update",
            "PATCH" => "patch",
            "DELETE" => name is null ? "deletecollection" : "delete",
            _ => method.ToLowerInvariant(),
        };
        return new RequestInfo(path, true, verb, group, version, resource, ns, name, sub);
    }
}
