using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using IstioTls.Tests.Support;

namespace IstioTls.Tests.CodeReview;

/// <summary><c>check -o sarif</c> and <c>-o github</c> as a CI job runs them: golden output on
/// the examples, the SARIF validated by Microsoft's multitool against the 2.1.0 schema.</summary>
public partial class CodeReviewOutputTests
{
    [Trait("Category", Golden.Category)]
    [Theory]
    [InlineData("sarif", "check-examples.sarif")]
    [InlineData("github", "check-examples.github.txt")]
    public void Check_on_the_examples(string format, string golden)
    {
        var result = Cli.Run(["check", "-f", "examples/", "-o", format]);

        Assert.Equal(1, result.ExitCode);
        Assert.Equal("", result.Stderr);
        Golden.Match(golden, WithoutVersion(result.Stdout));
    }

    [Trait("Category", Golden.Category)]
    [Theory]
    [InlineData("sarif", "check-code-review-cases.sarif")]
    [InlineData("github", "check-code-review-cases.github.txt")]
    public void Check_on_certificates_and_the_seed_filter(string format, string golden)
    {
        var result = Cli.Run(["check", "-f", "tests/IstioTls.Tests/Cases/certificates.yaml", "-f", "tests/IstioTls.Tests/Cases/seed-misdirected-filter.yaml", "--inspect-certs", "--expiry-warning", "36500d", "-o", format]);

        Assert.Equal(1, result.ExitCode);
        Golden.Match(golden, WithoutVersion(result.Stdout));
    }

    [Fact]
    public void Every_sarif_log_validates_against_the_2_1_0_schema()
    {
        var directory = Directory.CreateTempSubdirectory("istio-tls-sarif-");
        try
        {
            var runs = new Dictionary<string, CliResult>
            {
                ["examples.sarif"] = Cli.Run(["check", "-f", "examples/", "-o", "sarif"]),
                ["cases.sarif"] = Cli.Run(["check", "-f", "tests/IstioTls.Tests/Cases/", "--inspect-certs", "--expiry-warning", "36500d", "-o", "sarif"]),
                ["stdin.sarif"] = Cli.Run(["check", "-f", "-", "-o", "sarif"], stdin: File.ReadAllText(Path.Combine(Repo.Examples, "seed", "error-2-one-gateway.yaml"))),
                ["clean.sarif"] = Cli.Run(["check", "-f", "examples/seed/merged.yaml", "-o", "sarif"]),
            };
            foreach (var (name, run) in runs)
            {
                Assert.True(run.ExitCode is 0 or 1, $"{name}: exit {run.ExitCode}: {run.Stderr}");
                File.WriteAllText(Path.Combine(directory.FullName, name), run.Stdout);
            }

            var problems = SarifMultitool.Problems([.. runs.Keys.Select(name => Path.Combine(directory.FullName, name))]);

            Assert.Empty(problems);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Fact]
    public void The_validator_does_report_a_log_that_breaks_the_schema()
    {
        var broken = Path.Combine(Path.GetTempPath(), $"istio-tls-broken-{Guid.NewGuid():N}.sarif");
        var log = JsonNode.Parse(Cli.Run(["check", "-f", "examples/", "-o", "sarif"]).Stdout)!;
        // What the validator checks of the schema: required properties and types.
        log["runs"]![0]!["tool"]!["driver"]!.AsObject().Remove("name");
        log["runs"]![0]!["results"]![0]!["locations"]![0]!["physicalLocation"]!["region"]!["startLine"] = "33";
        File.WriteAllText(broken, log.ToJsonString());
        try
        {
            var problems = SarifMultitool.Problems(broken);

            Assert.Contains(problems, p => p.StartsWith("error JSON1002", StringComparison.Ordinal) && p.Contains("name", StringComparison.Ordinal));
            Assert.Contains(problems, p => p.StartsWith("error JSON1001", StringComparison.Ordinal) && p.Contains("startLine", StringComparison.Ordinal));
        }
        finally
        {
            File.Delete(broken);
        }
    }

    [Fact]
    public void Standard_input_has_no_file_to_point_at_but_names_the_object()
    {
        var result = Cli.Run(["check", "-f", "-", "-o", "sarif"], stdin: File.ReadAllText(Path.Combine(Repo.Examples, "seed", "error-2-one-gateway.yaml")));

        var location = JsonNode.Parse(result.Stdout)!["runs"]![0]!["results"]![0]!["locations"]![0]!;
        Assert.Null(location["physicalLocation"]);
        Assert.Equal("Gateway/istio-system/error-3", (string?)location["logicalLocations"]![0]!["fullyQualifiedName"]);

        var github = Cli.Run(["check", "-f", "-", "-o", "github"], stdin: File.ReadAllText(Path.Combine(Repo.Examples, "seed", "error-2-one-gateway.yaml")));
        Assert.StartsWith("::error title=SharedCertificate - istio-system/error-3 server 0::", github.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Paths_are_relative_to_the_working_directory()
    {
        var result = Cli.Run(["check", "-f", Path.Combine(Repo.Examples, "seed", "error-2-one-gateway.yaml"), "-o", "github"], workingDirectory: Repo.Examples);

        Assert.Equal(
            ["file=seed/error-2-one-gateway.yaml,line=15", "file=seed/error-2-one-gateway.yaml,line=24"],
            result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => FileAndLine().Match(l).Value));
    }

    [Fact]
    public void Check_refuses_an_unknown_format_naming_every_format()
    {
        var result = Cli.Run(["check", "-f", "examples/", "-o", "junit"]);

        Assert.Equal(2, result.ExitCode);
        Assert.Equal("error: --output must be table, wide, name, json, yaml, sarif, github, jsonpath=TEMPLATE or jsonpath-file=FILE, not \"junit\"\n", result.Stderr);
        Assert.Equal(2, Cli.Run(["version", "-o", "sarif"]).ExitCode);
    }

    /// <summary>The build's version is in the log; the golden files do not follow the tags.</summary>
    private static string WithoutVersion(string output) =>
        VersionField().Replace(output, "\"version\": \"VERSION\",");

    [GeneratedRegex("\"version\": \"(?!2\\.1\\.0)[^\"]*\",")]
    private static partial Regex VersionField();

    [GeneratedRegex("file=[^,]*,line=[0-9]+")]
    private static partial Regex FileAndLine();
}
