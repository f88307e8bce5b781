using System.Security.Cryptography.X509Certificates;
using System.Text;
using IstioTls.Sources;
using IstioTls.Tests.Support;

namespace IstioTls.Tests;

/// <summary>What is kept of a certificate: the leaf's DNS names, validity and fingerprint.</summary>
public class CertificateParserTests
{
    [Fact]
    public void Reads_the_leaf_of_a_chain_names_dates_and_fingerprint()
    {
        var notAfter = new DateTimeOffset(2031, 5, 6, 7, 8, 9, TimeSpan.Zero);
        var certificate = TestCertificates.Create(["Shop.Example.com", "*.example.com"], notAfter);

        var info = CertificateParser.Parse(Encoding.UTF8.GetBytes(certificate.CertificatePem));

        Assert.Equal(["shop.example.com", "*.example.com"], info.DnsNames);
        Assert.False(info.NamesFromCommonName);
        Assert.Equal(notAfter, info.NotAfter);
        Assert.Equal(certificate.Fingerprint, info.Fingerprint);
        Assert.Matches("^sha256:[0-9a-f]{64}$", info.Fingerprint);
    }

    [Fact]
    public void The_common_name_counts_only_without_DNS_names()
    {
        var onlyCn = CertificateParser.Parse(Encoding.UTF8.GetBytes(TestCertificates.Create([], commonName: "Legacy.Example.com").CertificatePem));
        var both = CertificateParser.Parse(Encoding.UTF8.GetBytes(TestCertificates.Create(["www.example.com"], commonName: "legacy.example.com").CertificatePem));

        Assert.Equal(["legacy.example.com"], onlyCn.DnsNames);
        Assert.True(onlyCn.NamesFromCommonName);
        Assert.Equal(["www.example.com"], both.DnsNames);
    }

    /// <summary>A CN that is not a host name ("Acme Corp", an e-mail address) names no host: a
    /// client that still fell back to the CN compared it with the host as a host name, so such a
    /// certificate covers nothing, and a finding says so rather than naming "acme corp".</summary>
    [Theory]
    [InlineData("legacy.example.com", new[] { "legacy.example.com" })]
    [InlineData("*.example.com", new[] { "*.example.com" })]
    [InlineData("localhost", new[] { "localhost" })]
    [InlineData("xn--bcher-kva.example", new[] { "xn--bcher-kva.example" })]
    [InlineData("Acme Corp", new string[0])]
    [InlineData("admin@example.com", new string[0])]
    [InlineData("www.example.com/path", new string[0])]
    [InlineData("*", new string[0])]
    [InlineData("a..example.com", new string[0])]
    public void A_common_name_counts_only_when_it_is_a_host_name(string commonName, string[] names)
    {
        var info = CertificateParser.Parse(Encoding.UTF8.GetBytes(TestCertificates.Create([], commonName: commonName).CertificatePem));

        Assert.Equal(names, info.DnsNames);
        Assert.Equal(names.Length > 0, info.NamesFromCommonName);
    }

    [Fact]
    public void Reads_DER_too()
    {
        var pem = TestCertificates.Create(["der.example.com"]).CertificatePem;
        var der = X509Certificate2.CreateFromPem(pem).RawData;

        Assert.Equal(["der.example.com"], CertificateParser.Parse(der).DnsNames);
    }

    [Fact]
    public void A_private_key_before_the_certificate_is_skipped_not_read()
    {
        var certificate = TestCertificates.Create(["combined.example.com"]);

        var info = CertificateParser.Parse(Encoding.UTF8.GetBytes(certificate.KeyPem + "\n" + certificate.CertificatePem));

        Assert.Equal(["combined.example.com"], info.DnsNames);
    }

    [Theory]
    [InlineData("")]
    [InlineData("hello")]
    [InlineData("-----BEGIN PRIVATE KEY-----\nMC4CAQAwBQYDK2VwBCIEIA==\n-----END PRIVATE KEY-----\n")]
    public void Anything_else_is_not_a_certificate_and_the_message_does_not_quote_it(string data)
    {
        var e = Assert.Throws<FormatException>(() => CertificateParser.Parse(Encoding.UTF8.GetBytes(data)));

        Assert.Equal("not a PEM or DER X.509 certificate", e.Message);
    }
}
