using System.Text.Json.Nodes;
using IstioTls.Tests.Support;

namespace IstioTls.Tests;

/// <summary><c>version</c> reports the stamp the build wrote into the binary.</summary>
public class VersionTests
{
    [Fact]
    public void Json_has_the_version_commit_build_date_and_platform()
    {
        var result = Cli.Run(["version", "-o", "json"]);

        Assert.Equal(0, result.ExitCode);
        var document = JsonNode.Parse(result.Stdout)!.AsObject();
        Assert.Equal(["version", "commit", "buildDate", "platform", "runtime", "nativeAot"], document.Select(p => p.Key));
        Assert.Matches(@"^v\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$", (string)document["version"]!);
        // The tests run in a git checkout, so the build found the commit and its date.
        Assert.Matches("^[0-9a-f]{40}$", (string)document["commit"]!);
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$", (string)document["buildDate"]!);
        Assert.Equal("linux/amd64", (string)document["platform"]!);
        Assert.False((bool)document["nativeAot"]!);
    }

    [Fact]
    public void Text_yaml_and_the_version_flag_say_the_same_version()
    {
        var version = (string)JsonNode.Parse(Cli.Run(["version", "-ojson"]).Stdout)!["version"]!;

        Assert.Equal(version + "\n", Cli.Run(["--version"]).Stdout);
        Assert.StartsWith($"version:    {version}\ncommit:     ", Cli.Run(["version"]).Stdout, StringComparison.Ordinal);
        Assert.StartsWith($"version: {version}\n", Cli.Run(["version", "-o", "yaml"]).Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_output_format_is_a_usage_error()
    {
        var result = Cli.Run(["version", "-o", "xml"]);

        Assert.Equal(2, result.ExitCode);
        Assert.Equal("error: --output must be table, json or yaml, not \"xml\"\n", result.Stderr);
    }
}
