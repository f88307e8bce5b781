using IstioTls.Tests.Support;

namespace IstioTls.BrowserTests.Support;

/// <summary>The test CA that signs every certificate of <see cref="TestCertificates"/>, as PEM:
/// the last certificate of any chain it makes.</summary>
public static class TestCa
{
    public static string Pem { get; } = LastCertificate(TestCertificates.Create(["ca.invalid"]).CertificatePem);

    private static string LastCertificate(string chain)
    {
        const string begin = "-----BEGIN CERTIFICATE-----";
        return chain[chain.LastIndexOf(begin, StringComparison.Ordinal)..].Trim() + "\n";
    }
}
