using System.Text.Json;
using IstioTls.BrowserTests.Support;
using IstioTls.Tests.Support;

namespace IstioTls.BrowserTests;

/// <summary>
/// The stand-in runs the Lua it reads from <c>apply-421 -o yaml</c> (a YAML block scalar); the
/// same EnvoyFilter as JSON carries the code as a plain string. Equal strings: nothing was lost
/// or added between the EnvoyFilter and the code the browsers met.
/// </summary>
public sealed class FilterSourceTests
{
    [Theory]
    [InlineData("strict")]
    [InlineData("precise")]
    public void The_code_read_from_the_yaml_is_the_code_of_the_json_byte_for_byte(string mode)
    {
        var file = Path.Combine(AppContext.BaseDirectory, "Scenarios", "two-hosts-one-server.yaml");
        // Precise mode needs the port Envoy listens on; no Service is in the file.
        string[] port = mode == "precise" ? ["--target-port", "443=443"] : [];
        string Run(string format) => Cli.Run(["apply-421", "--dry-run", "--mode", mode, "-o", format, "-f", file, .. port]).Stdout;

        var fromYaml = Assert.Single(EnvoyLuaFilter.For(KubeObject.Parse(Run("yaml")), Workload.Istio("istio=ingressgateway"))).Source;

        using var json = JsonDocument.Parse(Run("json"));
        var filters = json.RootElement.ValueKind == JsonValueKind.Array ? json.RootElement.EnumerateArray().ToList() : [json.RootElement];
        var fromJson = Assert.Single(filters).GetProperty("spec").GetProperty("configPatches")[0].GetProperty("patch").GetProperty("value")
            .GetProperty("typed_config").GetProperty("default_source_code").GetProperty("inline_string").GetString();
        Assert.Equal(fromJson, fromYaml);
        Assert.Contains("function envoy_on_request", fromYaml, StringComparison.Ordinal);
    }
}
