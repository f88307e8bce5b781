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
}
