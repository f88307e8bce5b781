using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using System.Text;
using IstioTls.Analysis;
using IstioTls.Application;
using IstioTls.Sources;
using IstioTls.Tests.Support;

namespace IstioTls.Tests.Merge;

/// <summary><c>merge</c> as a process: exit codes, the refusal to apply files, the output formats
/// byte for byte, and <c>-o manifests</c> as <c>kubectl apply -f -</c> would take it.</summary>
public class MergeCliTests
{
    private const string Seed1 = "examples/seed/error-1-two-gateways.yaml";
    private const string Merged = "examples/seed/merged.yaml";

    public static TheoryData<string, string[], int, string?> ExitCodes => new()
    {
        { "a plan", ["merge", "--dry-run", "-f", "examples/"], 0, null },
        { "nothing to merge", ["merge", "--dry-run", "-f", Merged], 0, null },
        { "files are not a cluster", ["merge", "-f", Seed1], 2, "error: merge -f reads files, not a cluster, so there is nothing to apply the plan to: use --dry-run, and -o manifests to print the objects for kubectl apply -f -" },
        { "files are not a cluster, even with --yes", ["merge", "-f", Seed1, "--yes"], 2, "error: merge -f reads files, not a cluster" },
        { "no kubeconfig at all", ["merge", "--dry-run", "--kubeconfig", "/nonexistent/kubeconfig"], 2, "error: kubeconfig /nonexistent/kubeconfig not found (--kubeconfig)" },
        { "several contexts", ["merge", "--contexts", "a,b"], 2, "error: merge writes to one cluster: choose it with --context, not --contexts or --all-contexts" },
        { "files and a context", ["merge", "--dry-run", "-f", Seed1, "--context", "test"], 2, "error: -f reads manifest files; it cannot be combined with --kubeconfig" },
        { "an unknown output format", ["merge", "--dry-run", "-f", Seed1, "-o", "xml"], 2, "error: --output must be table, json, yaml or manifests, not \"xml\"" },
        { "--into without a namespace", ["merge", "--dry-run", "-f", Seed1, "--into", "default2"], 2, "error: --into must be NAMESPACE/NAME, not \"default2\"" },
        { "--into a Gateway that is not there", ["merge", "--dry-run", "-f", Seed1, "--into=istio-system/nope"], 2, "error: --into istio-system/nope: no such Gateway in the input" },
        { "a missing path", ["merge", "--dry-run", "-f", "nope.yaml"], 2, "error: nope.yaml: no such file or directory" },
    };

    [Theory]
    [MemberData(nameof(ExitCodes))]
    public void Exit_codes_and_errors(string situation, string[] args, int expected, string? error)
    {
        var result = Cli.Run(args);

        Assert.True(expected == result.ExitCode, $"{situation}: exit {result.ExitCode}, stderr: {result.Stderr}");
        if (error is not null)
        {
            var line = Assert.Single(result.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
            Assert.StartsWith(error, line, StringComparison.Ordinal);
            Assert.Equal("", result.Stdout);
        }
        else
        {
            Assert.Equal("", result.Stderr);
        }
    }

    [Trait("Category", Golden.Category)]
    [Theory]
    [InlineData("table", "merge-examples.txt")]
    [InlineData("json", "merge-examples.json")]
    [InlineData("yaml", "merge-examples.yaml")]
    [InlineData("manifests", "merge-examples.manifests.yaml")]
    public void Plan_for_the_examples(string format, string golden)
    {
        var result = Cli.Run(["merge", "--dry-run", "-f", "examples/", "-o", format]);

        Assert.Equal(0, result.ExitCode);
        Golden.Match(golden, result.Stdout);
    }

    [Trait("Category", Golden.Category)]
    [Fact]
    public void Plan_for_the_seed_example_into_default2_with_wildcard()
    {
        var result = Cli.Run(["merge", "--dry-run", "-f", Seed1, "--into", "istio-system/default2", "--wildcard"]);

        Golden.Match("merge-seed-into-wildcard.txt", result.Stdout);
    }

    [Fact]
    public void Json_and_yaml_are_the_same_document()
    {
        var json = Cli.Run(["merge", "--dry-run", "-f", "examples/", "-o", "json"]).Stdout;
        var yaml = Cli.Run(["merge", "--dry-run", "-f", "examples/", "-o", "yaml"]).Stdout;

        var fromYaml = Assert.Single(ManifestReader.Read("out.yaml", Encoding.UTF8.GetBytes(yaml))).Root;
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(json), fromYaml), "yaml output does not read back as the json output");
    }

    [Fact]
    public void Applying_the_manifests_and_the_listed_deletions_fixes_every_finding_it_merges()
    {
        var manifests = Cli.Run(["merge", "--dry-run", "-f", "examples/", "-o", "manifests"]).Stdout;

        var objects = ManifestReader.Read("manifests.yaml", Encoding.UTF8.GetBytes(manifests)).Select(d => d.Root!.AsObject()).ToList();
        var deletions = Regex.Matches(manifests, @"^#   kubectl delete gateways\.networking\.istio\.io (\S+) -n (\S+)$", RegexOptions.Multiline)
            .Select(m => $"Gateway {m.Groups[2].Value}/{m.Groups[1].Value}").ToHashSet();
        Assert.Equal(["Gateway istio-system/default2"], deletions);
        Assert.Equal(3, objects.Count);
        Assert.All(objects, o => Assert.NotNull(o["metadata"]!["namespace"]));

        // The cluster after `kubectl apply -f -` and the deletions: every file's objects, the
        // applied ones replaced, the deleted ones gone.
        var applied = objects.ToDictionary(Describe);
        var builder = new SnapshotBuilder();
        foreach (var (origin, open) in ManifestFiles.Expand([Path.Combine(Repo.Root, "examples")]))
        {
            using var stream = open();
            using var buffer = new MemoryStream();
            stream.CopyTo(buffer);
            foreach (var document in ManifestReader.Read(origin, buffer.ToArray()).Where(d => d.Root is JsonObject))
            {
                var obj = document.Root!.AsObject();
                obj["metadata"]!["namespace"] ??= "default";
                if (!deletions.Contains(Describe(obj)))
                {
                    builder.Add(applied.GetValueOrDefault(Describe(obj)) ?? obj, new Model.SourceLocation(origin));
                }
            }
        }
        // Only the group merge refuses is left: the Gateway API Gateway's listeners.
        var left = Assert.Single(Analyzer.Check(builder.Build()).Findings);
        Assert.All(left.Servers, s => Assert.True(s.Gateway.FromGatewayApi));
    }

    [Fact]
    public void Manifests_say_in_comments_which_groups_are_not_merged()
    {
        var yaml = Manifests.Gateway("web/a", "istio=ingressgateway", [Manifests.Simple(443, "a.example.com")])
            + Manifests.Gateway("web/b", "istio=ingressgateway", [Manifests.Server(443, "b.example.com", "mode: SIMPLE, credentialName: cert, minProtocolVersion: TLSV1_3")]);

        var result = Cli.Run(["merge", "--dry-run", "-f", "-", "-o", "manifests"], stdin: yaml);

        Assert.Equal("# kubectl istio-tls merge: nothing to merge.\n# Not merged (web/a server 0, web/b server 0): TLS settings differ: minProtocolVersion (web/a server 0: unset; web/b server 0: TLSV1_3)\n", result.Stdout);
    }

    [Fact]
    public void Nothing_to_merge_says_so()
    {
        Assert.Equal("Nothing to merge: no servers on one gateway workload and port share a TLS certificate.\n", Cli.Run(["merge", "--dry-run", "-f", Merged]).Stdout);
        Assert.Equal("# kubectl istio-tls merge: nothing to merge.\n", Cli.Run(["merge", "--dry-run", "-f", Merged, "-o", "manifests"]).Stdout);
        Assert.Equal("""{"groups":[],"apply":[],"delete":[],"skipped":[]}""", JsonNode.Parse(Cli.Run(["merge", "--dry-run", "-f", Merged, "-o", "json"]).Stdout)!.ToJsonString());
    }

    [Fact]
    public void Reads_manifests_from_stdin()
    {
        var result = Cli.Run(["merge", "--dry-run", "-f", "-", "-ojson"], stdin: File.ReadAllText(Path.Combine(Repo.Root, Seed1)));

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("istio-system/default", (string)JsonNode.Parse(result.Stdout)!["groups"]![0]!["survivor"]!);
    }

    [Fact]
    public void Usage_lists_the_flags()
    {
        var result = Cli.Run(["merge", "--help"]);

        Assert.Equal(0, result.ExitCode);
        Assert.StartsWith("Usage: kubectl istio-tls merge", result.Stdout, StringComparison.Ordinal);
        foreach (var flag in (string[])["--dry-run", "-f, --filename", "--into", "--wildcard", "--yes", "--backup-dir", "-o, --output"])
        {
            Assert.Contains(flag, result.Stdout, StringComparison.Ordinal);
        }
    }

    private static string Describe(JsonObject obj) => $"{obj["kind"]} {obj["metadata"]!["namespace"]}/{obj["metadata"]!["name"]}";
}
