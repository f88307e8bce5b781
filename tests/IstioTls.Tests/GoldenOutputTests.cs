using IstioTls.Tests.Support;

namespace IstioTls.Tests;

/// <summary>What <c>check -f examples/</c> prints, byte for byte, in each format.</summary>
public class GoldenOutputTests
{
    [Trait("Category", Golden.Category)]
    [Theory]
    [InlineData("table", "check-examples.txt")]
    [InlineData("json", "check-examples.json")]
    [InlineData("yaml", "check-examples.yaml")]
    [InlineData("wide", "check-examples.wide.txt")]
    [InlineData("name", "check-examples.name.txt")]
    [InlineData("jsonpath={range .findings[*]}{.severity}{\"\\t\"}{.code}{\"\\t\"}{.servers[*].gateway}{\"\\n\"}{end}", "check-examples.jsonpath.txt")]
    public void Check_on_the_examples(string format, string golden)
    {
        var result = Cli.Run(["check", "-f", "examples/", "-o", format]);

        Assert.Equal(1, result.ExitCode);
        Assert.Equal("", result.Stderr);
        Golden.Match(golden, result.Stdout);
    }

    /// <summary>Every finding <c>--inspect-certs</c> adds, on fixed certificates (Cases/certificates.yaml).
    /// The expiring certificate ends in 2099, inside a 100-year warning window.</summary>
    [Trait("Category", Golden.Category)]
    [Theory]
    [InlineData("table", "check-certificates.txt")]
    [InlineData("json", "check-certificates.json")]
    [InlineData("yaml", "check-certificates.yaml")]
    [InlineData("wide", "check-certificates.wide.txt")]
    [InlineData("name", "check-certificates.name.txt")]
    public void Check_inspecting_certificates(string format, string golden)
    {
        var result = Cli.Run(["check", "-f", "tests/IstioTls.Tests/Cases/certificates.yaml", "--inspect-certs", "--expiry-warning", "36500d", "-o", format]);

        Assert.Equal(1, result.ExitCode);
        Assert.Equal("warning: --inspect-certs: Secret istio-system/broken holds no certificate (no tls.crt or cert key); servers that use it are compared by Secret name\n", result.Stderr);
        Golden.Match(golden, result.Stdout);
    }

    [Fact]
    public void Table_with_colour_is_the_plain_table_plus_escape_codes()
    {
        var plain = Cli.Run(["check", "-f", "examples/", "--color", "never"]).Stdout;
        var colored = Cli.Run(["check", "-f", "examples/", "--color", "always"]).Stdout;

        Assert.Contains("\u001b[", colored, StringComparison.Ordinal);
        Assert.DoesNotContain("\u001b[", plain, StringComparison.Ordinal);
        Assert.Equal(plain, System.Text.RegularExpressions.Regex.Replace(colored, "\u001b\\[[0-9;]*m", ""));
    }

    [Fact]
    public void Json_and_yaml_are_the_same_document()
    {
        var json = Cli.Run(["check", "-f", "examples/", "-o", "json"]).Stdout;
        var yaml = Cli.Run(["check", "-f", "examples/", "-o", "yaml"]).Stdout;

        var fromYaml = Assert.Single(IstioTls.Sources.ManifestReader.Read("out.yaml", System.Text.Encoding.UTF8.GetBytes(yaml))).Root;
        var fromJson = System.Text.Json.Nodes.JsonNode.Parse(json);
        Assert.True(System.Text.Json.Nodes.JsonNode.DeepEquals(fromJson, fromYaml), "yaml output does not read back as the json output");
    }
}
