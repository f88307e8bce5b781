using System.Text.Json.Nodes;
using IstioTls.CommandLine;
using IstioTls.Tests.Support;
using static IstioTls.Tests.Support.Manifests;

namespace IstioTls.Tests;

/// <summary><c>check --inspect-certs</c> as a process: flags, findings, and the promise that no
/// key material and no whole certificate ever reaches the output.</summary>
public class CertificateCliTests
{
    private const string Ingress = "istio=ingressgateway";

    [Fact]
    public void No_output_ever_contains_key_material_or_a_whole_certificate()
    {
        var wildcard = TestCertificates.Create(["*.example.com"]);
        var shop = TestCertificates.Create(["shop.example.com"]);
        var expired = TestCertificates.Create(["old.example.com"], notAfter: DateTimeOffset.UtcNow.AddDays(-1));
        var yaml = Deployment("istio-system/ingress", Ingress)
            + Gateway("web/www", Ingress, [Simple(443, "www.example.com", "wild")]) + Gateway("web/shop", Ingress, [Simple(443, "shop.example.com,typo.example.org", "shop")])
            + Gateway("web/copy", Ingress, [Simple(443, "copy.example.com", "wild-copy")]) + Gateway("web/old", Ingress, [Simple(443, "old.example.com", "old")])
            + Secret("istio-system/wild", wildcard) + Secret("istio-system/wild-copy", wildcard, "cert") + Secret("istio-system/shop", shop) + Secret("istio-system/old", expired);
        var secrets = new[] { wildcard, shop, expired };

        foreach (var format in (string[])["table", "json", "yaml"])
        {
            var result = Cli.Run(["check", "-f", "-", "--inspect-certs", "-o", format], stdin: yaml);

            Assert.Equal(1, result.ExitCode);
            var output = result.Stdout + result.Stderr;
            Assert.Contains(wildcard.Fingerprint, output, StringComparison.Ordinal);
            Assert.DoesNotContain("-----BEGIN", output, StringComparison.Ordinal);
            Assert.DoesNotContain("PRIVATE KEY", output, StringComparison.Ordinal);
            foreach (var secret in secrets)
            {
                foreach (var text in (string[])[secret.KeyPem, secret.CertificatePem, TestCertificates.Base64(secret.KeyPem), TestCertificates.Base64(secret.CertificatePem)])
                {
                    // Any 24 characters of the encoded key or certificate would give it away.
                    var body = text.Replace("\n", "", StringComparison.Ordinal);
                    for (var i = 40; i + 24 <= body.Length; i += 24)
                    {
                        Assert.DoesNotContain(body.Substring(i, 24), output, StringComparison.Ordinal);
                    }
                }
            }
        }
    }

    [Fact]
    public void The_document_carries_fingerprints_expiry_and_covered_hosts()
    {
        var wildcard = TestCertificates.Create(["*.example.com"]);
        var yaml = Deployment("istio-system/ingress", Ingress)
            + Gateway("web/www", Ingress, [Simple(443, "www.example.com", "wild")]) + Gateway("web/shop", Ingress, [Simple(443, "shop.example.com", "shop")])
            + Secret("istio-system/wild", wildcard) + Secret("istio-system/shop", TestCertificates.Create(["shop.example.com"]));

        var result = Cli.Run(["check", "-f", "-", "--inspect-certs", "-o", "json"], stdin: yaml);

        Assert.Equal(1, result.ExitCode);
        Assert.Equal("", result.Stderr);
        var finding = Assert.Single(JsonNode.Parse(result.Stdout)!["findings"]!.AsArray())!;
        Assert.Equal("CoveringCertificate", (string?)finding["code"]);
        Assert.Equal(wildcard.Fingerprint, (string?)finding["fingerprints"]![0]);
        Assert.Equal("shop.example.com", (string?)finding["coveredHosts"]![0]!["host"]);
        Assert.Equal("*.example.com", (string?)finding["coveredHosts"]![0]!["san"]);
        Assert.Equal(["web/www", "web/shop"], finding["servers"]!.AsArray().Select(s => (string)s!["gateway"]!));
    }

    [Fact]
    public void The_expiry_warning_window_is_a_flag()
    {
        var yaml = Gateway("web/a", Ingress, [Simple(443, "soon.example.com", "soon")]) + Secret("istio-system/soon", TestCertificates.Create(["soon.example.com"], notAfter: DateTimeOffset.UtcNow.AddDays(20)));

        var byDefault = Cli.Run(["check", "-f", "-", "--inspect-certs", "-o", "json"], stdin: yaml);
        var shorter = Cli.Run(["check", "-f", "-", "--inspect-certs", "--expiry-warning", "240h", "-o", "json"], stdin: yaml);

        Assert.Equal(1, byDefault.ExitCode);
        Assert.Equal("CertificateExpiring", (string?)JsonNode.Parse(byDefault.Stdout)!["findings"]![0]!["code"]);
        Assert.Equal(0, shorter.ExitCode);
    }

    [Fact]
    public void A_421_filter_mitigates_covering_certificates_too()
    {
        var filters = Cli.Run(["apply-421", "--dry-run", "-f", "examples/certificates/", "--all"]);
        Assert.Equal(0, filters.ExitCode);

        var result = Cli.Run(["check", "-f", "examples/certificates/", "-f", "-", "--inspect-certs", "-o", "json"], stdin: filters.Stdout);

        Assert.Equal(0, result.ExitCode);
        var findings = JsonNode.Parse(result.Stdout)!["findings"]!.AsArray();
        Assert.Equal(["CoveringCertificate", "SharedCertificate"], findings.Select(f => (string)f!["code"]!).Order(StringComparer.Ordinal));
        Assert.All(findings, f =>
        {
            Assert.Equal("info", (string?)f!["severity"]);
            Assert.Equal("web-ingress/istio-tls-421-istio-web-gateway", (string?)f["mitigatedBy"]);
        });
    }

    [Fact]
    public void Help_lists_the_flags()
    {
        var result = Cli.Run(["check", "--help"]);

        Assert.Contains("--inspect-certs", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("--expiry-warning", result.Stdout, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("30d", 30 * 24)]
    [InlineData("720h", 720)]
    [InlineData("1d12h", 36)]
    [InlineData("90m", 1.5)]
    [InlineData("0", 0)]
    public void Expiry_warning_durations(string text, double hours) =>
        Assert.Equal(TimeSpan.FromHours(hours), Durations.ExpiryWarning(text));

    [Theory]
    [InlineData("")]
    [InlineData("30")]
    [InlineData("d")]
    [InlineData("4w")]
    [InlineData("-1d")]
    [InlineData("99999999999d")]
    public void Bad_expiry_warnings_are_usage_errors(string text)
    {
        var e = Assert.Throws<UsageException>(() => Durations.ExpiryWarning(text));

        Assert.StartsWith("--expiry-warning must be a duration such as 30d", e.Message, StringComparison.Ordinal);
    }
}
