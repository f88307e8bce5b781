using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Http;

namespace IstioTls.TestApiServer;

/// <summary>Client certificate first, then bearer token, as kube-apiserver's union authenticator orders them.</summary>
internal sealed class Authentication(UserRegistry users, CertificateAuthority clientCa)
{
    const string OrganizationOid = "2.5.4.10";

    public TestUser? Authenticate(HttpContext http)
    {
        if (http.Connection.ClientCertificate is { } cert && clientCa.Issued(cert))
        {
            var name = cert.GetNameInfo(X509NameType.SimpleName, forIssuer: false);
            var groups = cert.SubjectName.EnumerateRelativeDistinguishedNames()
                .Where(rdn => rdn.GetSingleElementType().Value == OrganizationOid)
                .Select(rdn => rdn.GetSingleElementValue() ?? "")
                .ToList();
            return users.FromCertificate(name, groups);
        }
        var header = http.Request.Headers.Authorization.ToString();
        if (header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return users.FindByToken(header["Bearer ".Length..].Trim());
        }
        return null;
    }

    /// <summary>
    /// <c>Impersonate-User</c> (kubectl <c>--as</c>): the request runs as that user when the caller
    /// may impersonate users, as the real server's impersonation filter does; the impersonated
    /// user has its own permissions (none, when the server does not know it).
    /// </summary>
    public TestUser Impersonate(HttpContext http, TestUser caller)
    {
        var target = http.Request.Headers["Impersonate-User"].ToString();
        if (target.Length == 0)
        {
            return caller;
        }
        if (!caller.Access.IsAllowed(new AccessRequest(caller.Name, "impersonate", "", "users", null, target)))
        {
            throw ApiErrors.Forbidden(caller.Name, "impersonate", "", "users", null, target);
        }
        return users[target] ?? new TestUser(target, [], null, null, AccessPolicy.DenyAll());
    }
}
