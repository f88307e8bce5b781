using System.Text.RegularExpressions;
using IstioTls.Tests.Support;

namespace IstioTls.Tests;

/// <summary>Completion end to end: the built binary's <c>__complete</c>, the
/// <c>kubectl_complete-istio_tls</c> script, and the real kubectl calling it.</summary>
public sealed partial class CompletionProcessTests : IDisposable
{
    private const string Kubeconfig = """
        apiVersion: v1
        kind: Config
        current-context: kind-dev
        contexts:
        - name: kind-dev
          context: {cluster: dev, user: dev}
        - name: prod-eu
          context: {cluster: prod, user: admin}
        clusters:
        - name: dev
          cluster: {server: "https://127.0.0.1:1"}
        users:
        - name: dev
          user: {token: t}
        """;

    private readonly string _dir = Directory.CreateTempSubdirectory("completion-").FullName;

    public CompletionProcessTests()
    {
        // As installed: the binary and the completion script side by side in a directory on PATH.
        File.CreateSymbolicLink(Path.Combine(_dir, "kubectl-istio_tls"), Repo.Cli);
        File.Copy(Path.Combine(Repo.Root, "cmd", "kubectl-istio_tls", "kubectl_complete-istio_tls"), Path.Combine(_dir, "kubectl_complete-istio_tls"));
        File.WriteAllText(Path.Combine(_dir, "config"), Kubeconfig);
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private Dictionary<string, string?> Environment => new()
    {
        ["PATH"] = _dir + Path.PathSeparator + System.Environment.GetEnvironmentVariable("PATH"),
        ["KUBECONFIG"] = Path.Combine(_dir, "config"),
    };

    [Fact]
    public void Every_command_and_flag_in_the_help_is_completed_and_nothing_else()
    {
        var commands = HelpCommands(Cli.Run(["--help"]).Stdout);
        Assert.Contains("check", commands);
        Assert.Equal(commands.Order(StringComparer.Ordinal), Complete([""]).Candidates.Order(StringComparer.Ordinal));

        foreach (var command in commands)
        {
            var help = Cli.Run([command, "--help"]).Stdout;
            var flags = HelpFlags(help).Append("-h").Append("--help").Order(StringComparer.Ordinal);
            var completed = Complete([command, "-"]).Candidates.Order(StringComparer.Ordinal);
            Assert.True(flags.SequenceEqual(completed),
                $"{command}: --help lists [{string.Join(' ', flags)}] but completion offers [{string.Join(' ', completed)}]; update cmd/kubectl-istio_tls/Commands/CommandCatalog.cs");
        }
    }

    public static TheoryData<string, string[]> ValueFlags => new()
    {
        { "--output", ["check", "-f", "examples/"] },
        { "--fail-on", ["check", "-f", "examples/"] },
        { "--color", ["check", "-f", "examples/"] },
        { "--output", ["merge", "--dry-run", "-f", "examples/"] },
        { "--output", ["apply-421", "--dry-run", "-f", "examples/"] },
        { "--mode", ["apply-421", "--dry-run", "-f", "examples/", "--target-port", "443=443"] },
        { "--output", ["version"] },
    };

    [Theory]
    [MemberData(nameof(ValueFlags))]
    public void Every_value_offered_is_one_the_command_accepts(string flag, string[] command)
    {
        var offered = Complete([command[0], flag, ""]).Candidates;

        Assert.True(offered.Count >= 2, $"{command[0]} {flag}: [{string.Join(", ", offered)}]");
        foreach (var value in offered)
        {
            var result = Cli.Run([.. command, flag, value]);
            Assert.True(result.ExitCode is 0 or 1, $"{string.Join(' ', command)} {flag} {value}: exit {result.ExitCode}, {result.Stderr}");
        }
    }

    [Fact]
    public void The_script_answers_as_kubectl_calls_it()
    {
        var result = Cli.Run(["check", "--context", ""], environment: Environment, executable: Path.Combine(_dir, "kubectl_complete-istio_tls"));

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("kind-dev\nprod-eu\n:4\n", result.Stdout);
        Assert.Equal("", result.Stderr);
    }

    [Fact]
    public void Names_come_from_the_kubeconfig_kubectl_would_read()
    {
        var other = Path.Combine(_dir, "other");
        File.WriteAllText(other, "apiVersion: v1\nkind: Config\ncontexts:\n- name: other-ctx\n  context: {cluster: c, user: u}\nclusters:\n- name: c\n  cluster: {server: \"https://127.0.0.1:1\"}\nusers:\n- name: u\n  user: {token: t}\n");
        var broken = Path.Combine(_dir, "broken");
        File.WriteAllText(broken, "contexts: [unclosed\n");

        Assert.Equal(["kind-dev", "prod-eu"], Complete(["check", "--context", ""]).Candidates);
        Assert.Equal(["dev"], Complete(["check", "--user", ""]).Candidates);
        Assert.Equal(["other-ctx"], Complete(["check", "--kubeconfig", other, "--context", ""]).Candidates);
        Assert.Equal(["prod-eu,kind-dev"], Complete(["check", "--contexts", "prod-eu,"]).Candidates);
        var none = Cli.Run(["__complete", "check", $"--kubeconfig={broken}", "--context", ""], environment: Environment);
        Assert.Equal((0, ":4\n", ""), (none.ExitCode, none.Stdout, none.Stderr));
    }

    public static TheoryData<string[], string> ThroughKubectl => new()
    {
        { ["istio-tls", ""], "check\nmerge\napply-421\nprobe\nversion\n:4" },
        { ["istio-tls", "check", "--o"], "--output\n:4" },
        { ["istio-tls", "check", "-o", ""], "table\nwide\nname\njson\nyaml\nsarif\ngithub\n:4" },
        { ["istio-tls", "check", "--context", "prod"], "prod-eu\n:4" },
        { ["istio-tls", "check", "-f", ""], ":0" },
    };

    [Theory]
    [MemberData(nameof(ThroughKubectl))]
    public void Kubectl_completes_the_plugin(string[] words, string expected)
    {
        // kubectl learned to complete plugins through kubectl_complete-* in 1.26.
        var version = Cli.Run(["version", "--client", "-o", "json"], executable: "kubectl").Stdout;
        var minor = int.Parse(MinorVersion().Match(version).Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(minor >= 26, $"kubectl 1.26 or newer is needed for plugin completion; this one says {version}");

        var result = Cli.Run(["__complete", .. words], environment: Environment, executable: "kubectl");

        Assert.Equal(expected, result.Stdout.TrimEnd('\n'));
    }

    private Completion Complete(string[] words)
    {
        var output = Cli.Run(["__complete", .. words], environment: Environment).Stdout;
        var lines = output.TrimEnd('\n').Split('\n');
        return new Completion(lines[..^1], lines[^1]);
    }

    // "Commands:" lists one command a line, indented: "  check    Find ...".
    private static string[] HelpCommands(string help) =>
        help[help.IndexOf("Commands:", StringComparison.Ordinal)..].Split('\n').Skip(1)
            .Select(line => line.Trim()).Where(line => line.Length > 0).Select(line => line.Split(' ')[0]).ToArray();

    // "Options:" lists "  -f, --filename <string[]?>    ..." and "  --no-headers    ...".
    private static IEnumerable<string> HelpFlags(string help) =>
        help.Split('\n').Select(line => HelpOption().Match(line)).Where(m => m.Success)
            .SelectMany(m => m.Groups[1].Value.Split(", "));

    [GeneratedRegex(@"^\s+(-[-\w]+(?:, -[-\w]+)*)")]
    private static partial Regex HelpOption();

    [GeneratedRegex(@"""minor""\s*:\s*""(\d+)")]
    private static partial Regex MinorVersion();

    private sealed record Completion(IReadOnlyList<string> Candidates, string Directive);
}
