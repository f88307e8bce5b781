using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace IstioTls.Tests.Support;

/// <summary>A generated certificate: the PEM a Secret holds, and its private key, so that tests
/// can prove the key never leaves the tool.</summary>
public sealed record TestCertificate(string CertificatePem, string KeyPem, string Fingerprint);

/// <summary>
/// Certificates made in the tests with <see cref="CertificateRequest"/>: a test CA signs leaf
/// certificates with the DNS names (or only a common name) and validity each case needs.
/// </summary>
public static class TestCertificates
{
    private static readonly Lazy<(X509Certificate2 Certificate, ECDsa Key)> Ca = new(() =>
    {
        var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=istio-tls test CA", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign, true));
        return (request.CreateSelfSigned(DateTimeOffset.UtcNow.AddYears(-10), DateTimeOffset.UtcNow.AddYears(50)), key);
    });

    /// <summary>A leaf certificate for <paramref name="dnsNames"/>, valid from a year ago until
    /// <paramref name="notAfter"/> (default: in ten years); with no DNS names, the common name.</summary>
    public static TestCertificate Create(string[] dnsNames, DateTimeOffset? notAfter = null, string? commonName = null)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={commonName ?? (dnsNames.Length > 0 ? dnsNames[0] : "no-name")}", key, HashAlgorithmName.SHA256);
        if (dnsNames.Length > 0)
        {
            var san = new SubjectAlternativeNameBuilder();
            foreach (var name in dnsNames)
            {
                san.AddDnsName(name);
            }
            request.CertificateExtensions.Add(san.Build());
        }
        var notBefore = DateTimeOffset.UtcNow.AddYears(-1);
        var expiry = notAfter ?? DateTimeOffset.UtcNow.AddYears(10);
        var ca = Ca.Value;
        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] &= 0x7F;
        using var certificate = request.Create(ca.Certificate.SubjectName, X509SignatureGenerator.CreateForECDsa(ca.Key), notBefore < expiry ? notBefore : expiry.AddDays(-1), expiry, serial);
        // A chain as cert-manager writes it: the leaf first, then its issuer.
        var pem = certificate.ExportCertificatePem() + "\n" + ca.Certificate.ExportCertificatePem() + "\n";
        return new TestCertificate(pem, key.ExportPkcs8PrivateKeyPem(), "sha256:" + certificate.GetCertHashString(HashAlgorithmName.SHA256).ToLowerInvariant());
    }

    public static string Base64(string text) => Convert.ToBase64String(Encoding.UTF8.GetBytes(text));
}
