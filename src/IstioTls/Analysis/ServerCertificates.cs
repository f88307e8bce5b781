using IstioTls.Model;

namespace IstioTls.Analysis;

/// <summary>A certificate as a server presents it: how findings name it, what compares equal
/// (the SHA-256 fingerprint when the certificate was read, else the name), and its content.</summary>
public sealed record PresentedCertificate(string Name, string Key, CertificateInfo? Info);

/// <summary>The certificates the servers of one gateway workload present.</summary>
public sealed class ServerCertificates(string? workloadNamespace, CertificateCatalog catalog)
{
    public IReadOnlyList<PresentedCertificate> Of(Server server)
    {
        var result = new List<PresentedCertificate>();
        foreach (var identity in CertificateIdentity.Of(server))
        {
            if (CertificateIdentity.IsFile(identity))
            {
                result.Add(new PresentedCertificate(identity, identity, null));
                continue;
            }
            var (ns, name) = CertificateIdentity.Secret(identity, workloadNamespace);
            var secret = catalog.Find(ns, name);
            var display = secret?.Key ?? CertificateIdentity.Display(identity, workloadNamespace);
            result.Add(new PresentedCertificate(display, secret?.Certificate?.Fingerprint ?? display, secret?.Certificate));
        }
        return result;
    }
}
