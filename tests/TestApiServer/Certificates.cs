using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace IstioTls.TestApiServer;

/// <summary>A throwaway certificate authority. ECDSA P-256 keeps startup fast; Go and .NET both accept it.</summary>
public sealed class CertificateAuthority : IDisposable
{
    readonly ECDsa _key;

    CertificateAuthority(X509Certificate2 certificate, ECDsa key)
    {
        Certificate = certificate;
        _key = key;
    }

    public X509Certificate2 Certificate { get; }

    public string CertificatePem => Certificate.ExportCertificatePem();

    public static CertificateAuthority Create(string commonName)
    {
        var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={commonName}", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign | X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        var now = DateTimeOffset.UtcNow;
        var cert = request.CreateSelfSigned(now.AddDays(-1), now.AddYears(10));
        return new CertificateAuthority(cert, key);
    }

    public X509Certificate2 IssueServerCertificate(IEnumerable<string> dnsNames, IEnumerable<IPAddress> addresses)
    {
        var san = new SubjectAlternativeNameBuilder();
        foreach (var dns in dnsNames)
        {
            san.AddDnsName(dns);
        }
        foreach (var ip in addresses)
        {
            san.AddIpAddress(ip);
        }
        return Issue("CN=kube-apiserver", [], san.Build(), new OidCollection { new Oid("1.3.6.1.5.5.7.3.1") }).Certificate;
    }

    /// <summary>A client certificate the way Kubernetes reads one: CN is the user, each O a group.</summary>
    public IssuedCertificate IssueClientCertificate(string user, IEnumerable<string> groups) =>
        Issue($"CN={Escape(user)}", groups, null, new OidCollection { new Oid("1.3.6.1.5.5.7.3.2") });

    IssuedCertificate Issue(string subjectCn, IEnumerable<string> organizations, X509Extension? san, OidCollection usages)
    {
        var subject = string.Join(", ", organizations.Select(o => $"O={Escape(o)}").Prepend(subjectCn));
        var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(usages, false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(Certificate, true, false));
        if (san is not null)
        {
            request.CertificateExtensions.Add(san);
        }
        var now = DateTimeOffset.UtcNow;
        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] &= 0x7f;
        using var signed = request.Create(Certificate.SubjectName, X509SignatureGenerator.CreateForECDsa(_key), now.AddDays(-1), now.AddYears(5), serial);
        var withKey = signed.CopyWithPrivateKey(key);
        // A PKCS#12 round trip gives SslStream a certificate whose key it can always use.
        var usable = X509CertificateLoader.LoadPkcs12(withKey.Export(X509ContentType.Pkcs12), null);
        withKey.Dispose();
        return new IssuedCertificate(usable, usable.ExportCertificatePem(), key.ExportPkcs8PrivateKeyPem());
    }

    static string Escape(string value) => value.Contains(',', StringComparison.Ordinal) || value.Contains('=', StringComparison.Ordinal) ? $"\"{value}\"" : value;

    /// <summary>Whether <paramref name="certificate"/> chains to this authority.</summary>
    public bool Issued(X509Certificate2 certificate)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(Certificate);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.VerificationFlags = X509VerificationFlags.IgnoreWrongUsage;
        return chain.Build(certificate);
    }

    public void Dispose()
    {
        Certificate.Dispose();
        _key.Dispose();
    }
}

public sealed record IssuedCertificate(X509Certificate2 Certificate, string CertificatePem, string KeyPem);
