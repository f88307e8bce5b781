using System.Text.Json.Nodes;
using IstioTls.Application;
using IstioTls.Tests.Support;

namespace IstioTls.Tests;

/// <summary>The built CLI as a process: arguments the kubectl way, stdin, exit codes, stderr.</summary>
public class CliTests
{
    private const string Seed1 = "examples/seed/error-1-two-gateways.yaml";
    private const string Seed2 = "examples/seed/error-2-one-gateway.yaml";
    private const string Merged = "examples/seed/merged.yaml";

    public static TheoryData<string, string[], int> ExitCodes => new()
    {
        { "findings reach the default threshold (warning)", ["check", "-f", Seed1], 1 },
        { "no findings", ["check", "-f", Merged], 0 },
        { "--fail-on none never fails on findings", ["check", "-f", Seed1, "--fail-on", "none"], 0 },
        { "--fail-on error fails on an error", ["check", "-f", Seed1, "--fail-on=error"], 1 },
        { "a missing path", ["check", "-f", "does-not-exist.yaml"], 2 },
        { "an unknown flag", ["check", "-f", Merged, "--bogus"], 2 },
        { "an unknown output format", ["check", "-f", Merged, "-o", "xml"], 2 },
        { "an unknown threshold", ["check", "-f", Merged, "--fail-on", "fatal"], 2 },
        { "an unknown colour mode", ["check", "-f", Merged, "--color", "sometimes"], 2 },
        { "an unknown command", ["chek", "-f", Merged], 2 },
        { "--inspect-certs on files without Secrets", ["check", "-f", Merged, "--inspect-certs"], 0 },
        { "an expiry warning without unit", ["check", "-f", Merged, "--inspect-certs", "--expiry-warning", "30"], 2 },
        { "an expiry warning with an unknown unit", ["check", "-f", Merged, "--inspect-certs", "--expiry-warning=4w"], 2 },
    };

    [Theory]
    [MemberData(nameof(ExitCodes))]
    public void Exit_codes(string situation, string[] args, int expected)
    {
        var result = Cli.Run(args);

        Assert.True(expected == result.ExitCode, $"{situation}: exit {result.ExitCode}, stderr: {result.Stderr}");
        if (expected == 2)
        {
            var line = Assert.Single(result.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
            Assert.StartsWith("error: ", line, StringComparison.Ordinal);
            Assert.DoesNotContain("   at ", result.Stderr, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Without_f_and_without_a_kubeconfig_the_error_says_what_to_do()
    {
        var home = Directory.CreateTempSubdirectory("istio-tls-home-").FullName;
        try
        {
            var result = Cli.Run(["check"], environment: new Dictionary<string, string?> { ["HOME"] = home, ["KUBECONFIG"] = null });

            Assert.Equal(2, result.ExitCode);
            Assert.Equal($"error: no kubeconfig found: {home}/.kube/config does not exist; set KUBECONFIG or --kubeconfig, or give manifests with -f\n", result.Stderr);
        }
        finally
        {
            Directory.Delete(home, recursive: true);
        }
    }

    [Theory]
    [InlineData("--context", "prod")]
    [InlineData("-s", "https://127.0.0.1:6443")]
    [InlineData("--token", "T")]
    [InlineData("--insecure-skip-tls-verify=true")]
    [InlineData("--as-group", "team")]
    public void Files_and_cluster_flags_do_not_mix(params string[] flags)
    {
        var result = Cli.Run(["check", "-f", Seed1, .. flags]);

        Assert.Equal(2, result.ExitCode);
        Assert.Equal("error: -f reads manifest files; it cannot be combined with --kubeconfig, --context, --contexts, --all-contexts, --cluster, --user, --as or the connection flags (--server, --token, ...)\n", result.Stderr);
    }

    [Fact]
    public void Findings_document_names_the_gateways_for_jq()
    {
        var result = Cli.Run(["check", "-f", "examples/", "-o", "json"]);

        var gateways = JsonNode.Parse(result.Stdout)!["findings"]!.AsArray()
            .SelectMany(f => f!["servers"]!.AsArray().Select(s => (string)s!["gateway"]!));
        Assert.Equal(["istio-system/default", "istio-system/default2", "istio-system/error-3", "istio-system/error-3", "store/store", "store/store"], gateways);
    }

    [Fact]
    public void Piping_to_jq_works()
    {
        var json = Cli.Run(["check", "-f", "examples/", "-o", "json"]).Stdout;
        var psi = new System.Diagnostics.ProcessStartInfo("jq", ["-r", ".findings[].servers[].gateway"])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
        };
        using var jq = System.Diagnostics.Process.Start(psi)!;
        jq.StandardInput.Write(json);
        jq.StandardInput.Close();
        var output = jq.StandardOutput.ReadToEnd();
        jq.WaitForExit();

        Assert.Equal(0, jq.ExitCode);
        Assert.Equal("istio-system/default\nistio-system/default2\nistio-system/error-3\nistio-system/error-3\nstore/store\nstore/store\n", output);
    }

    [Fact]
    public void Reads_manifests_from_stdin()
    {
        var result = Cli.Run(["check", "-f", "-", "-o", "json"], stdin: File.ReadAllText(Path.Combine(Repo.Root, Seed2)));

        Assert.Equal(1, result.ExitCode);
        var finding = Assert.Single(JsonNode.Parse(result.Stdout)!["findings"]!.AsArray())!;
        Assert.Equal("<stdin>:6", (string)finding["servers"]![0]!["source"]!);
    }

    [Fact]
    public void Reads_kubectl_get_output_a_list_in_json_from_stdin()
    {
        var list = """
            {"apiVersion": "v1", "kind": "List", "items": [
              {"apiVersion": "networking.istio.io/v1", "kind": "Gateway", "metadata": {"name": "a", "namespace": "web"},
               "spec": {"selector": {"istio": "ingressgateway"}, "servers": [{"port": {"number": 443, "name": "https", "protocol": "HTTPS"}, "hosts": ["a.example.com"], "tls": {"mode": "SIMPLE", "credentialName": "wild"}}]}},
              {"apiVersion": "networking.istio.io/v1", "kind": "Gateway", "metadata": {"name": "b", "namespace": "web"},
               "spec": {"selector": {"istio": "ingressgateway"}, "servers": [{"port": {"number": 443, "name": "https", "protocol": "HTTPS"}, "hosts": ["b.example.com"], "tls": {"mode": "SIMPLE", "credentialName": "wild"}}]}}
            ]}
            """;

        var result = Cli.Run(["check", "-f", "-", "-ojson"], stdin: list);

        Assert.Equal(1, result.ExitCode);
        Assert.Equal("wild", (string)JsonNode.Parse(result.Stdout)!["findings"]![0]!["certificate"]!);
    }

    [Fact]
    public void Repeated_and_comma_separated_filenames_are_all_read()
    {
        var repeated = Cli.Run(["check", "-f", Seed1, "--filename", Seed2, "-o", "json"]);
        var commas = Cli.Run(["check", $"--filename={Seed1},{Seed2}", "-o", "json"]);

        Assert.Equal(2, JsonNode.Parse(repeated.Stdout)!["findings"]!.AsArray().Count);
        Assert.Equal(repeated.Stdout, commas.Stdout);
    }

    [Fact]
    public void Json_output_has_no_colour_and_no_log_lines()
    {
        var result = Cli.Run(["check", "-f", "examples/", "-o", "json", "--color", "always"]);

        Assert.DoesNotContain("\u001b", result.Stdout, StringComparison.Ordinal);
        Assert.StartsWith("{", result.Stdout, StringComparison.Ordinal);
        JsonNode.Parse(result.Stdout);
    }

    [Fact]
    public void An_unreadable_object_is_a_warning_and_the_rest_is_analysed()
    {
        var yaml = File.ReadAllText(Path.Combine(Repo.Root, Seed1)) + """
            ---
            apiVersion: networking.istio.io/v1
            kind: Gateway
            metadata: {name: broken, namespace: web}
            spec:
              servers:
              - port: {number: https, name: https, protocol: HTTPS}
                hosts: [x.example.com]
            """;

        var result = Cli.Run(["check", "-f", "-", "-o", "json"], stdin: yaml);

        Assert.Equal(1, result.ExitCode);
        var line = File.ReadAllLines(Path.Combine(Repo.Root, Seed1)).Length + 1;
        Assert.Equal($"warning: <stdin>:{line}: Gateway web/broken: spec.servers[0].port.number: expected a number, got \"https\"; skipped\n", result.Stderr);
        Assert.Single(JsonNode.Parse(result.Stdout)!["findings"]!.AsArray());
    }

    [Fact]
    public void Usage_says_kubectl_istio_tls()
    {
        var result = Cli.Run(["check", "--help"]);

        Assert.Equal(0, result.ExitCode);
        Assert.StartsWith("Usage: kubectl istio-tls check", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("-f, --filename", result.Stdout, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null, null, true)]
    [InlineData("1", null, false)]
    [InlineData("", null, true)]
    [InlineData(null, "dumb", false)]
    public void Colour_on_a_terminal_honours_NO_COLOR_and_TERM(string? noColor, string? term, bool expectColour)
    {
        // `script` gives the CLI a pseudo-terminal, so that --color auto sees a terminal.
        var environment = new Dictionary<string, string?> { ["NO_COLOR"] = noColor, ["TERM"] = term ?? "xterm" };
        var result = Cli.Run(["-qec", $"{Repo.Cli} check -f examples/seed/error-1-two-gateways.yaml", "/dev/null"], environment: environment, executable: "script");

        Assert.Equal(expectColour, System.Text.RegularExpressions.Regex.IsMatch(result.Stdout, "\u001b\\[[0-9;]*m"));
        Assert.Contains("SharedCertificate", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Output_redirected_to_a_file_is_followed_by_what_the_shell_writes_next()
    {
        // The output is written at the descriptor's shared offset: a FileStream over it would
        // write at its own, and "echo end" would then overwrite the report's first bytes.
        var file = Path.Combine(Path.GetTempPath(), $"istio-tls-{Guid.NewGuid():N}.txt");
        try
        {
            var result = Cli.Run(["-c", $"({Repo.Cli} check -f examples/seed/merged.yaml; {Repo.Cli} version; echo end) > {file}"], executable: "sh", workingDirectory: Repo.Root);

            Assert.Equal(0, result.ExitCode);
            var lines = File.ReadAllLines(file);
            Assert.Equal("No findings; 0 suppressed; checked 1 Gateway with 1 server.", lines[0]);
            Assert.StartsWith("version:", lines[1], StringComparison.Ordinal);
            Assert.Equal("end", lines[^1]);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Theory]
    [InlineData("check -f examples/seed/merged.yaml")]
    [InlineData("version")]
    [InlineData("check -f does-not-exist.yaml")]
    [InlineData("check --help")]
    public void A_run_on_a_terminal_leaves_its_modes_alone(string arguments)
    {
        // .NET's console switches the keypad to application mode (ESC[?1h ESC=) on its first
        // write to a terminal and never back: nothing but colour may reach the terminal.
        var result = Cli.Run(["-qec", $"{Repo.Cli} {arguments}", "/dev/null"], environment: new Dictionary<string, string?> { ["TERM"] = "xterm" }, executable: "script");

        Assert.DoesNotContain("\u001b[?1h", result.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("\u001b=", result.Stdout, StringComparison.Ordinal);
        Assert.Matches("^(\u001b\\[[0-9;]*m|[^\u001b])+$", result.Stdout);
    }

    [Fact]
    public void Jsonpath_file_reads_the_template_from_a_file()
    {
        var file = Path.GetTempFileName();
        File.WriteAllText(file, "{range .findings[*]}{.code} {.port}{\"\\n\"}{end}\n");
        try
        {
            var result = Cli.Run(["check", "-f", Seed1, $"-o=jsonpath-file={file}"]);

            Assert.Equal(1, result.ExitCode);
            Assert.Equal("SharedCertificate 443\n", result.Stdout);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Theory]
    [InlineData("jsonpath={.findings[", "error: -o jsonpath: error parsing the template: unclosed action at character 1\n")]
    [InlineData("jsonpath=", "error: -o jsonpath needs a template, such as '{.findings[*].code}'\n")]
    [InlineData("jsonpath-file=/nonexistent/template", "error: -o jsonpath-file: cannot read /nonexistent/template: Could not find a part of the path '/nonexistent/template'.\n")]
    [InlineData("wider", "error: --output must be table, wide, name, json, yaml, sarif, github, jsonpath=TEMPLATE or jsonpath-file=FILE, not \"wider\"\n")]
    public void A_bad_output_form_is_a_usage_error(string output, string stderr)
    {
        var result = Cli.Run(["check", "-f", Seed1, "--output", output]);

        Assert.Equal(2, result.ExitCode);
        Assert.Equal(stderr, result.Stderr);
        Assert.Equal("", result.Stdout);
    }

    [Fact]
    public void Wide_without_headers_is_one_line_per_finding_for_awk()
    {
        var result = Cli.Run(["check", "-f", "examples/", "-o", "wide", "--no-headers"]);

        Assert.Equal(1, result.ExitCode);
        var lines = result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(3, lines.Length);
        Assert.All(lines, line => Assert.Equal(9, line.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length));
    }

    [Fact]
    public void Global_flags_may_come_between_the_plugin_name_and_the_command()
    {
        var result = Cli.Run(["-n", "istio-system", "--color=never", "check", "-f", Seed1, "-o", "name"]);

        Assert.Equal(1, result.ExitCode);
        Assert.Equal("SharedCertificate/selector:istio=ingressgateway/443/testhl\n", result.Stdout);
    }
}
