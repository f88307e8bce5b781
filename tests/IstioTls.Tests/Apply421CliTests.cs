using System.Text.Json.Nodes;
using IstioTls.Tests.Support;

namespace IstioTls.Tests;

/// <summary><c>apply-421</c> as a process: dry-run output, refusals, exit codes.</summary>
public class Apply421CliTests
{
    private const string Seed1 = "examples/seed/error-1-two-gateways.yaml";

    [Trait("Category", Golden.Category)]
    [Theory]
    [InlineData("apply-421-examples.yaml", new[] { "apply-421", "--dry-run", "-f", "examples/" })]
    [InlineData("apply-421-examples.json", new[] { "apply-421", "--dry-run", "-f", "examples/", "-o", "json" })]
    [InlineData("apply-421-examples-precise.yaml", new[] { "apply-421", "--dry-run", "-f", "examples/", "--mode", "precise", "--target-port", "443=8443" })]
    public void Dry_run_on_the_examples(string golden, string[] args)
    {
        var result = Cli.Run(args);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("", result.Stderr);
        Golden.Match(golden, result.Stdout);
    }

    [Fact]
    public void Json_is_the_object_when_there_is_one_and_a_list_otherwise()
    {
        var one = JsonNode.Parse(Cli.Run(["apply-421", "--dry-run", "-f", Seed1, "-o", "json"]).Stdout)!;
        var several = JsonNode.Parse(Cli.Run(["apply-421", "--dry-run", "-f", "examples/", "-ojson"]).Stdout)!;

        Assert.Equal("EnvoyFilter", (string)one["kind"]!);
        Assert.Equal("v1", (string)several["apiVersion"]!);
        Assert.Equal("List", (string)several["kind"]!);
        Assert.Equal(3, several["items"]!.AsArray().Count);
    }

    [Fact]
    public void Yaml_documents_are_the_json_items()
    {
        var json = JsonNode.Parse(Cli.Run(["apply-421", "--dry-run", "-f", "examples/", "-o", "json", "--all"]).Stdout)!;
        var yaml = Cli.Run(["apply-421", "--dry-run", "-f", "examples/", "--all"]).Stdout;

        var documents = IstioTls.Sources.ManifestReader.Read("out.yaml", System.Text.Encoding.UTF8.GetBytes(yaml)).Select(d => d.Root).ToList();
        Assert.Equal(json["items"]!.AsArray().Count, documents.Count);
        Assert.All(documents.Zip(json["items"]!.AsArray()), pair => Assert.True(JsonNode.DeepEquals(pair.First, pair.Second)));
    }

    [Fact]
    public void Check_reports_the_findings_mitigated_once_the_dry_run_output_is_applied()
    {
        var filters = Cli.Run(["apply-421", "--dry-run", "-f", "examples/"]).Stdout;

        var result = Cli.Run(["check", "-f", "examples/", "-f", "-", "-o", "json"], stdin: filters);

        Assert.Equal(0, result.ExitCode);
        var findings = JsonNode.Parse(result.Stdout)!["findings"]!.AsArray();
        Assert.Equal(
            ["istio-system/istio-tls-421-istio-ingressgateway", "istio-system/istio-tls-421-istio-ingressgateway-2", "store/istio-tls-421-store"],
            findings.Select(f => (string)f!["mitigatedBy"]!).Order(StringComparer.Ordinal));
        Assert.All(findings, f => Assert.Equal("info", (string)f!["severity"]!));
    }

    [Trait("Category", Golden.Category)]
    [Fact]
    public void Check_reports_the_seed_filter_in_every_format()
    {
        var json = Cli.Run(["check", "-f", "tests/IstioTls.Tests/Cases/seed-misdirected-filter.yaml", "-o", "json"]);
        var table = Cli.Run(["check", "-f", "tests/IstioTls.Tests/Cases/seed-misdirected-filter.yaml"]);

        Assert.Equal(1, json.ExitCode);
        var finding = Assert.Single(JsonNode.Parse(json.Stdout)!["findings"]!.AsArray())!;
        Assert.Equal("SeedMisdirectedFilter", (string)finding["code"]!);
        Assert.Equal("istio-system/misdirected-request", (string)finding["envoyFilter"]!["name"]!);
        Assert.Equal("tests/IstioTls.Tests/Cases/seed-misdirected-filter.yaml:3", (string)finding["envoyFilter"]!["source"]!);
        Assert.Equal(9, finding["details"]!.AsArray().Count);
        Assert.Null(finding["port"]);
        Golden.Match("check-seed-filter.txt", table.Stdout);
    }

    public static TheoryData<string, string[], string> Refusals => new()
    {
        { "files are not a cluster", ["apply-421", "-f", Seed1], "error: files are not a cluster: add --dry-run to print the EnvoyFilters (kubectl apply -f - takes them)" },
        { "--delete needs a cluster", ["apply-421", "--delete", "--dry-run", "-f", Seed1], "error: --delete removes filters from a cluster; files are not a cluster" },
        { "several clusters", ["apply-421", "--contexts", "a,b"], "error: apply-421 writes to one cluster: choose it with --context, not --contexts or --all-contexts" },
        { "files with a cluster flag", ["apply-421", "--dry-run", "-f", Seed1, "--context", "prod"], "error: -f reads manifest files; it cannot be combined with --kubeconfig, --context, --contexts, --all-contexts, --cluster, --user, --as or the connection flags (--server, --token, ...)" },
        { "an unknown mode", ["apply-421", "--dry-run", "-f", Seed1, "--mode", "lax"], "error: --mode must be strict or precise, not \"lax\"" },
        { "a table is not a manifest", ["apply-421", "--dry-run", "-f", Seed1, "-o", "table"], "error: --output must be yaml or json, not \"table\"" },
        { "--all with --selector", ["apply-421", "--dry-run", "-f", Seed1, "--all", "-l", "istio=x"], "error: --all and --selector exclude each other" },
        { "a selector that is not key=value", ["apply-421", "--dry-run", "-f", Seed1, "--selector", "istio"], "error: --selector takes key=value pairs separated by commas, not \"istio\"" },
        { "a target port that is not PORT=PORT", ["apply-421", "--dry-run", "-f", Seed1, "--target-port", "443:8443"], "error: --target-port takes PORT=TARGETPORT (such as 443=8443), not \"443:8443\"" },
        { "a namespace nothing tells", ["apply-421", "--dry-run", "-f", Seed1, "--selector", "app=nowhere"], "error: no Pod, Deployment or Gateway tells the namespace of the gateway pods with labels app=nowhere: give --namespace" },
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public void Refusals_exit_2_with_one_line(string situation, string[] args, string expected)
    {
        var result = Cli.Run(args);

        Assert.True(result.ExitCode == 2, $"{situation}: exit {result.ExitCode}");
        Assert.Equal(expected + "\n", result.Stderr);
        Assert.Equal("", result.Stdout);
    }

    [Fact]
    public void Notes_go_to_stderr_and_the_output_stays_clean()
    {
        var result = Cli.Run(["apply-421", "--dry-run", "-f", "examples/seed/merged.yaml", "-o", "json"]);

        Assert.Equal(0, result.ExitCode);
        Assert.StartsWith("note: no gateway workload has servers sharing a certificate", result.Stderr, StringComparison.Ordinal);
        Assert.Empty(JsonNode.Parse(result.Stdout)!["items"]!.AsArray());
    }

    [Fact]
    public void Kubectl_style_flags_work()
    {
        var glued = Cli.Run(["apply-421", "--dry-run", "--filename=examples/", "-ojson", "-listio=ingressgateway", "-nistio-ingress", "--mode=precise", "--target-port=443=8443"]);
        var spaced = Cli.Run(["apply-421", "--dry-run", "-f", "examples/", "-o", "json", "--selector", "istio=ingressgateway", "--namespace", "istio-ingress", "--mode", "precise", "--target-port", "443=8443"]);

        Assert.Equal(0, glued.ExitCode);
        var filter = JsonNode.Parse(glued.Stdout)!;
        Assert.Equal("istio-tls-421-istio-ingressgateway", (string)filter["metadata"]!["name"]!);
        // -n is kubectl's global namespace flag: here it places the filter.
        Assert.Equal("istio-ingress", (string)filter["metadata"]!["namespace"]!);
        Assert.Equal(8443, (int)filter["spec"]!["configPatches"]![0]!["match"]!["listener"]!["portNumber"]!);
        Assert.Equal(glued.Stdout, spaced.Stdout);
    }
}
