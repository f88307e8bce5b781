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

    [Fact]
    public void Each_description_is_the_help_of_the_command_or_flag()
    {
        var rootHelp = Cli.Run(["--help"]).Stdout;
        var commands = Complete([""]);
        for (var i = 0; i < commands.Candidates.Count; i++)
        {
            // The short description begins the command's description in the help.
            Assert.Matches($@"\n  {Regex.Escape(commands.Candidates[i])} +{Regex.Escape(commands.Descriptions[i])}", rootHelp);
        }
        foreach (var command in commands.Candidates)
        {
            var help = HelpDescriptions(Cli.Run([command, "--help"]).Stdout);
            var flags = Complete([command, "--"]);
            for (var i = 0; i < flags.Candidates.Count; i++)
            {
                var flag = flags.Candidates[i];
                if (flag != "--help")
                {
                    Assert.True(help.TryGetValue(flag, out var text) && text == flags.Descriptions[i],
                        $"{command} {flag}: completion says \"{flags.Descriptions[i]}\", --help says \"{text}\"; update cmd/kubectl-istio_tls/Commands/CommandCatalog.cs");
                }
            }
        }
    }

    public static TheoryData<string> Shells => new() { "bash", "zsh", "fish", "powershell" };

    [Theory]
    [MemberData(nameof(Shells))]
    [Trait("Category", Golden.Category)]
    public void Completion_prints_the_script_of_each_shell(string shell)
    {
        var result = Cli.Run(["completion", shell]);

        Assert.Equal((0, ""), (result.ExitCode, result.Stderr));
        Assert.Contains("kubectl-istio_tls", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("__complete", result.Stdout, StringComparison.Ordinal);
        Golden.Match($"completion.{shell}.txt", result.Stdout);
    }

    [Theory]
    [InlineData(new[] { "completion", "tcsh" }, "error: completion: unknown shell \"tcsh\": choose bash, zsh, fish or powershell\n")]
    [InlineData(new[] { "completion" }, "error: completion: name the shell: bash, zsh, fish or powershell\n")]
    public void A_shell_it_does_not_know_is_one_line_and_exit_2(string[] args, string stderr)
    {
        var result = Cli.Run(args);

        Assert.Equal((2, "", stderr), (result.ExitCode, result.Stdout, result.Stderr));
    }

    public static TheoryData<string, string[]> BashCases => new()
    {
        { "kubectl-istio_tls comp", ["completion"] },
        { "kubectl-istio_tls completion ", ["bash        (source <(kubectl-istio_tls completion bash))", "zsh         (source <(kubectl-istio_tls completion zsh))", "fish        (kubectl-istio_tls completion fish | source)", "powershell  (kubectl-istio_tls completion powershell | Out-String | Invoke-Expression)"] },
        { "kubectl-istio_tls check --fail-on w", ["warning"] },
        { "kubectl-istio_tls check --output=y", ["yaml"] },
        { "kubectl-istio_tls check -o ", ["table   (Columns for people.)", "wide    (The table with the context, workload, certificate and mitigation.)", "name    (One line per finding, for grep and awk.)", "json    (The report as JSON.)", "yaml    (The report as YAML.)", "sarif   (SARIF 2.1.0 for code scanning.)", "github  (GitHub Actions annotations.)"] },
        { "kubectl-istio_tls --context p", ["prod-eu"] },
        { "kubectl-istio_tls check -f ", ["dir", "b.json", "a.yaml"] },
        { "kubectl-istio_tls merge --backup-dir ", ["dir"] },
        { "kubectl-istio_tls check --bogus ", [] },
    };

    /// <summary>The bash script in bash: the completion function run as bash runs it on a tab
    /// press (COMP_LINE, COMP_POINT), and what it leaves in COMPREPLY.</summary>
    [Theory]
    [MemberData(nameof(BashCases))]
    public void The_bash_script_completes_in_bash(string line, string[] expected)
    {
        var work = Directory.CreateDirectory(Path.Combine(_dir, "work")).FullName;
        foreach (var file in new[] { "a.yaml", "b.json", "c.txt" })
        {
            File.WriteAllText(Path.Combine(work, file), "");
        }
        Directory.CreateDirectory(Path.Combine(work, "dir"));
        var script = Path.Combine(_dir, "completion.bash");
        File.WriteAllText(script, Cli.Run(["completion", "bash"]).Stdout);
        var test = $"""
            source '{script}'
            COMP_LINE='{line}'
            COMP_POINT=${"{#COMP_LINE}"}
            __kubectl_istio_tls_complete
            printf '%s\n' "${"{COMPREPLY[@]}"}"
            """;

        var result = Cli.Run(["-c", test], environment: new Dictionary<string, string?>(Environment) { ["COLUMNS"] = "100" }, workingDirectory: work, executable: "bash");

        Assert.Equal((0, ""), (result.ExitCode, result.Stderr));
        Assert.Equal(expected, result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    public static TheoryData<string[], string[]> ZshCases => new()
    {
        { ["check", "--fail-on", ""], ["_describe none:Exit 0 whatever is found. info:Exit 1 on any finding. warning:Exit 1 on a warning or an error. error:Exit 1 on an error only. |", "return 0"] },
        { ["check", "--output=j"], ["_describe json:The report as JSON. | -P --output=", "return 0"] },
        { ["check", "-f", ""], ["_arguments *:filename:_files -g '*.yaml' -g '*.yml' -g '*.json'", "return 0"] },
        { ["merge", "--backup-dir", ""], ["_arguments *:dirname:_files -/", "return 0"] },
        { ["--context", "k"], ["_describe kind-dev:cluster dev |", "return 0"] },
        { ["check", "--bogus", ""], ["_describe  |", "return 1"] },
    };

    /// <summary>The zsh script in zsh, with zsh's completion functions (<c>_describe</c>,
    /// <c>_arguments</c>) replaced by ones that print what they are given (and fail as
    /// <c>_describe</c> does when given nothing): the script's reading
    /// of the answer and its directives, without a terminal.</summary>
    [Theory]
    [MemberData(nameof(ZshCases))]
    public void The_zsh_script_hands_candidates_and_directives_to_zsh(string[] words, string[] expected)
    {
        var script = Path.Combine(_dir, "completion.zsh");
        File.WriteAllText(script, Cli.Run(["completion", "zsh"]).Stdout);
        var quoted = string.Join(' ', words.Select(w => $"'{w}'"));
        var test = $$"""
            compdef() { : }
            _describe() { local array=$2; shift 2; print -r -- "_describe ${(P)array} | $*"; local -a given; given=("${(@P)array}"); (( $#given )) }
            _arguments() { print -r -- "_arguments $*" }
            source '{{script}}'
            words=(kubectl-istio_tls {{quoted}})
            CURRENT=${#words}
            _kubectl-istio_tls
            print -r -- "return $?"
            """;

        var result = Cli.Run(["-f", "-c", test], environment: Environment, executable: "zsh");

        Assert.Equal((0, ""), (result.ExitCode, result.Stderr));
        Assert.Equal(expected, result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd()));
    }

    public static TheoryData<string, string[]> FishCases => new()
    {
        { "kubectl-istio_tls ch", ["check\tFind gateway servers at risk of HTTP/2 connection reuse 404s"] },
        { "kubectl-istio_tls check --fail-on w", ["warning\tExit 1 on a warning or an error."] },
        { "kubectl-istio_tls check --output=j", ["--output=json\tThe report as JSON."] },
        { "kubectl-istio_tls --context p", ["prod-eu\tcluster prod"] },
        { "kubectl-istio_tls check --bogus ", [] },
    };

    /// <summary>The fish script in fish: <c>complete -C</c> asks fish what it would offer for a
    /// command line, as a tab press does.</summary>
    [Theory]
    [MemberData(nameof(FishCases))]
    public void The_fish_script_completes_in_fish(string line, string[] expected)
    {
        var script = Path.Combine(_dir, "completion.fish");
        File.WriteAllText(script, Cli.Run(["completion", "fish"]).Stdout);

        var result = Cli.Run(["--no-config", "-c", $"source '{script}'; complete -C '{line}'"], environment: Environment, executable: "fish");

        Assert.Equal((0, ""), (result.ExitCode, result.Stderr));
        Assert.Equal(expected, result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries));
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
        Assert.Equal("kind-dev\tcluster dev\nprod-eu\tcluster prod\n:4\n", result.Stdout);
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
        { ["istio-tls", "ver"], "version\tPrint the version, git commit and build date of this binary\n:4" },
        { ["istio-tls", "check", "--fail"], "--fail-on\tExit 1 when a finding reaches this severity: none, info, warning, error.\n:4" },
        { ["istio-tls", "check", "-o", "j"], "json\tThe report as JSON.\n:4" },
        { ["istio-tls", "check", "--context", "prod"], "prod-eu\tcluster prod\n:4" },
        { ["istio-tls", "check", "-f", ""], "yaml\nyml\njson\n:8" },
        { ["istio-tls", "merge", "--backup-dir", ""], ":16" },
        { ["istio-tls", "check", "--output=j"], "json\tThe report as JSON.\n:4" },
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
        return new Completion([.. lines[..^1].Select(l => l.Split('\t')[0])], [.. lines[..^1].Select(l => l.Contains('\t', StringComparison.Ordinal) ? l.Split('\t', 2)[1] : "")], lines[^1]);
    }

    // "Commands:" lists one command a line, indented: "  check    Find ...".
    private static string[] HelpCommands(string help) =>
        help[help.IndexOf("Commands:", StringComparison.Ordinal)..].Split('\n').Skip(1)
            .Select(line => line.Trim()).Where(line => line.Length > 0).Select(line => line.Split(' ')[0]).ToArray();

    // "  -o, --output string    Output format: ... (default "table")": the text without its default, by each spelling.
    private static Dictionary<string, string> HelpDescriptions(string help) =>
        help.Split('\n').Select(line => HelpOptionText().Match(line)).Where(m => m.Success)
            .SelectMany(m => m.Groups[1].Value.Split(", ").Select(flag => (flag, text: HelpDefault().Replace(m.Groups[2].Value, ""))))
            .ToDictionary(p => p.flag, p => p.text, StringComparer.Ordinal);

    [GeneratedRegex(@"^  (-[-\w]+(?:, -[-\w]+)*)(?: (?:string|strings|int))?\s{2,}(.*)$")]
    private static partial Regex HelpOptionText();

    [GeneratedRegex(@" \(default [^)]*\)$")]
    private static partial Regex HelpDefault();

    // "Options:" lists "  -f, --filename <string[]?>    ..." and "  --no-headers    ...".
    private static IEnumerable<string> HelpFlags(string help) =>
        help.Split('\n').Select(line => HelpOption().Match(line)).Where(m => m.Success)
            .SelectMany(m => m.Groups[1].Value.Split(", "));

    [GeneratedRegex(@"^\s+(-[-\w]+(?:, -[-\w]+)*)")]
    private static partial Regex HelpOption();

    [GeneratedRegex(@"""minor""\s*:\s*""(\d+)")]
    private static partial Regex MinorVersion();

    private sealed record Completion(IReadOnlyList<string> Candidates, IReadOnlyList<string> Descriptions, string Directive);
}
