using System.Text.Json.Nodes;
using IstioTls.Printers;
using IstioTls.Probing;
using IstioTls.Tests.Support;

namespace IstioTls.Tests.Probing;

/// <summary>probe's table and document, byte for byte, on a report with every verdict.</summary>
public class ProbePrinterTests
{
    private static readonly ProbeGroup Given = new("--host", ["asm1.test.com", "asm2.test.com"], new ProbeAddress("127.0.0.1", 8443));

    private static readonly ProbeGroup Finding = new("SharedCertificate workload istio-system/istio-ingressgateway port 443 certificate istio-system/testhl", ["a.example.com", "b.example.com", "c.example.com"], null);

    private static ProbeReport Report { get; } = new(
        [Given, Finding],
        [
            new(Given, "asm1.test.com", "asm2.test.com", 404, 200, ProbeVerdict.Misrouted, PairConnection.Reused),
            new(Given, "asm2.test.com", "asm1.test.com", 421, 200, ProbeVerdict.Misdirected, PairConnection.Reused),
            new(Finding, "a.example.com", "b.example.com", 200, 200, ProbeVerdict.Served, PairConnection.Reused),
            new(Finding, "a.example.com", "c.example.com", null, null, ProbeVerdict.NotCoalescable, PairConnection.Separate, "the certificate for a.example.com does not name c.example.com: browsers open a connection of its own"),
            new(Finding, "b.example.com", "a.example.com", null, null, ProbeVerdict.NoH2, PairConnection.Separate, "the gateway chose http/1.1 for b.example.com: browsers reuse only HTTP/2 connections"),
            new(Finding, "b.example.com", "c.example.com", 404, null, ProbeVerdict.Unreachable, PairConnection.Reused, "baseline: connect to c.example.com:443: Connection refused"),
        ],
        [new SkippedServer(Finding.Name, "istio-system/wildcard server 1", "only wildcard hosts (*.example.org): name one with --sample-host '*.example.org=NAME'")],
        []);

    [Trait("Category", Golden.Category)]
    [Theory]
    [InlineData("table", "probe-report.txt")]
    [InlineData("json", "probe-report.json")]
    [InlineData("yaml", "probe-report.yaml")]
    public void Every_verdict(string format, string golden)
    {
        using var output = new StringWriter { NewLine = "\n" };
        if (format == "table")
        {
            ProbeTable.Print(Report, output, color: false);
        }
        else
        {
            DocumentPrinter.Print(ProbeDocument.Build(Report), format == "json" ? OutputFormat.Json : OutputFormat.Yaml, output);
        }

        Golden.Match(golden, output.ToString());
    }

    [Fact]
    public void The_table_in_colour_is_the_plain_table_plus_escape_codes()
    {
        using var plain = new StringWriter { NewLine = "\n" };
        using var colored = new StringWriter { NewLine = "\n" };
        ProbeTable.Print(Report, plain, color: false);
        ProbeTable.Print(Report, colored, color: true);

        Assert.Contains("\u001b[", colored.ToString(), StringComparison.Ordinal);
        Assert.Equal(plain.ToString(), System.Text.RegularExpressions.Regex.Replace(colored.ToString(), "\u001b\\[[0-9;]*m", ""));
    }

    [Fact]
    public void The_document_has_the_scripts_contract()
    {
        var pair = ProbeDocument.Build(Report)["pairs"]![0]!.AsObject();

        Assert.Equal(["group", "sni", "authority", "status", "baselineStatus", "verdict", "connection"], pair.Select(p => p.Key));
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"group":"--host","sni":"asm1.test.com","authority":"asm2.test.com","status":404,"baselineStatus":200,"verdict":"misrouted","connection":"reused"}"""), pair));
    }
}
