using IstioTls.CommandLine.Completion;

namespace IstioTls.Tests;

/// <summary>What <c>kubectl istio-tls ... &lt;TAB&gt;</c> offers, for the words typed so far
/// (the last word is the one under the cursor).</summary>
public class CompleterTests
{
    private static readonly CommandSpec[] Commands =
    [
        new("check",
        [
            new("--filename", "-f", FlagValue.Manifests, List: true),
            new("--output", "-o", FlagValue.Choice, [new("table", "Columns."), new("json"), new("yaml")], Description: "Output format."),
            new("--fail-on", Value: FlagValue.Choice, Choices: [new("none"), new("info"), new("warning"), new("error")]),
            new("--no-headers"),
        ], "Find servers at risk"),
        new("apply-421", [new("--mode", Value: FlagValue.Choice, Choices: [new("strict"), new("precise")]), new("--dry-run"), new("--backup-dir", Value: FlagValue.Directory)]),
        new("version", [new("--output", "-o", FlagValue.Choice, [new("table"), new("json"), new("yaml")])]),
        new("completion", [], "Print a script", [new("bash", "for bash"), new("zsh")]),
    ];

    private static readonly FlagSpec[] Global =
    [
        new("--kubeconfig", Value: FlagValue.File),
        new("--context", Value: FlagValue.Context),
        new("--contexts", Value: FlagValue.Context, List: true),
        new("--cluster", Value: FlagValue.Cluster),
        new("--user", Value: FlagValue.User),
        new("--namespace", "-n", FlagValue.Namespace),
        new("--all-namespaces", "-A"),
        new("--server", "-s", FlagValue.Text),
        new("--insecure-skip-tls-verify"),
    ];

    // Contexts of the kubeconfig named by --kubeconfig, else of the default one; namespaces of
    // the cluster the typed flags name.
    private static IReadOnlyList<Candidate> Names(FlagValue kind, TypedFlags typed) => (kind, typed["--kubeconfig"]) switch
    {
        (FlagValue.Context, null) => [new("kind-dev", "cluster kind"), new("prod-eu"), new("prod-us")],
        (FlagValue.Context, "other.yaml") => [new("other")],
        (FlagValue.Cluster, _) => [new("cluster-a")],
        (FlagValue.User, _) => [new("admin")],
        (FlagValue.Namespace, _) when typed["--server"] is { } server => [new($"ns-of-{server}-{typed["--insecure-skip-tls-verify"] ?? "verified"}")],
        (FlagValue.Namespace, _) => [new("istio-system"), new("shop")],
        _ => [],
    };

    public static TheoryData<string, string[], string[], int> Cases => new()
    {
        { "commands", [""], ["check", "apply-421", "version", "completion"], 4 },
        { "commands by prefix", ["ch"], ["check"], 4 },
        { "root flags", ["-"], ["-h", "--help", "--version"], 4 },
        { "flags of the command, then global flags, both spellings after one dash", ["check", "-"], ["-f", "--filename", "-o", "--output", "--fail-on", "--no-headers", "--kubeconfig", "--context", "--contexts", "--cluster", "--user", "-n", "--namespace", "-A", "--all-namespaces", "-s", "--server", "--insecure-skip-tls-verify", "-h", "--help"], 4 },
        { "long flags only after two dashes", ["check", "--"], ["--filename", "--output", "--fail-on", "--no-headers", "--kubeconfig", "--context", "--contexts", "--cluster", "--user", "--namespace", "--all-namespaces", "--server", "--insecure-skip-tls-verify", "--help"], 4 },
        { "version takes no cluster flag", ["version", "--"], ["--output", "--help"], 4 },
        { "apply-421 writes to one context: no --contexts", ["apply-421", "--"], ["--mode", "--dry-run", "--backup-dir", "--kubeconfig", "--context", "--cluster", "--user", "--namespace", "--all-namespaces", "--server", "--insecure-skip-tls-verify", "--help"], 4 },
        { "flags by prefix", ["check", "--f"], ["--filename", "--fail-on"], 4 },
        { "a flag given once is not offered again", ["check", "-o", "json", "-A", "--context", "x", "--"], ["--filename", "--fail-on", "--no-headers", "--kubeconfig", "--contexts", "--cluster", "--user", "--namespace", "--server", "--insecure-skip-tls-verify", "--help"], 4 },
        { "-ojson counts as given", ["check", "-ojson", "--o"], [], 4 },
        { "a repeatable flag is offered again", ["check", "-f", "a.yaml", "--fi"], ["--filename"], 4 },
        { "output formats", ["check", "-o", ""], ["table", "json", "yaml"], 4 },
        { "output formats by prefix", ["version", "--output", "y"], ["yaml"], 4 },
        { "--flag=value offers the values, as cobra does", ["check", "--output=j"], ["json"], 4 },
        { "thresholds", ["check", "--fail-on", ""], ["none", "info", "warning", "error"], 4 },
        { "modes of another command", ["apply-421", "--mode", ""], ["strict", "precise"], 4 },
        { "manifests after -f: the extensions to keep", ["check", "-f", ""], ["yaml", "yml", "json"], 8 },
        { "manifests after --filename", ["check", "--filename", "exa"], ["yaml", "yml", "json"], 8 },
        { "directories after --backup-dir", ["apply-421", "--backup-dir", ""], [], 16 },
        { "contexts from the kubeconfig", ["check", "--context", ""], ["kind-dev", "prod-eu", "prod-us"], 4 },
        { "contexts by prefix", ["check", "--context", "prod"], ["prod-eu", "prod-us"], 4 },
        { "--context=", ["check", "--context=k"], ["kind-dev"], 4 },
        { "the last context of a list, without those already listed", ["check", "--contexts", "prod-eu,"], ["prod-eu,kind-dev", "prod-eu,prod-us"], 4 },
        { "contexts of the kubeconfig given by --kubeconfig", ["check", "--kubeconfig", "other.yaml", "--context", ""], ["other"], 4 },
        { "--kubeconfig=FILE counts too", ["check", "--kubeconfig=other.yaml", "--context", ""], ["other"], 4 },
        { "--kubeconfig before the command", ["--kubeconfig", "other.yaml", "check", "--context", ""], ["other"], 4 },
        { "global flags before the command", ["--context", "p"], ["prod-eu", "prod-us"], 4 },
        { "clusters", ["version", "--cluster", ""], ["cluster-a"], 4 },
        { "users", ["check", "--user", ""], ["admin"], 4 },
        { "files after --kubeconfig", ["check", "--kubeconfig", ""], [], 0 },
        { "namespaces after -n", ["check", "-n", ""], ["istio-system", "shop"], 4 },
        { "namespaces by prefix", ["check", "--namespace", "is"], ["istio-system"], 4 },
        { "--namespace=", ["check", "--namespace=s"], ["shop"], 4 },
        { "namespaces of the cluster the connection flags name", ["-s", "https://k:6443", "--insecure-skip-tls-verify", "check", "-n", ""], ["ns-of-https://k:6443-true"], 4 },
        { "shells after completion", ["completion", ""], ["bash", "zsh"], 4 },
        { "one shell only", ["completion", "bash", ""], [], 4 },
        { "no arguments after the command", ["check", ""], [], 4 },
        { "no arguments after a switch", ["check", "--no-headers", ""], [], 4 },
        { "nothing after --", ["check", "--", "-"], [], 4 },
        { "nothing for an unknown command", ["chek", "-"], [], 4 },
        { "an unknown flag is skipped", ["check", "--bogus", "-o", "t"], ["table"], 4 },
        { "nothing typed at all", [], ["check", "apply-421", "version", "completion"], 4 },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Offers(string situation, string[] words, string[] expected, int directive)
    {
        var result = new Completer(Commands, Global, Names).Complete(words);

        var values = result.Candidates.Select(c => c.Value);
        Assert.True(expected.SequenceEqual(values), $"{situation}: got [{string.Join(", ", values)}]");
        Assert.True(directive == (int)result.Directive, $"{situation}: directive {result.Directive}");
    }

    [Fact]
    public void Writes_candidates_one_a_line_then_the_directive()
    {
        var output = new StringWriter();

        new CompletionResult([new("json", "The report\tas JSON.\n"), new("yaml")], ShellDirective.NoFileComp).WriteTo(output);

        Assert.Equal("json\tThe report as JSON.\nyaml\n:4\n", output.ToString());
    }

    public static TheoryData<string, string[], string[]> Described => new()
    {
        { "commands by their short description", ["c"], ["check\tFind servers at risk", "completion\tPrint a script"] },
        { "flags by their help line, both spellings", ["version", "-"], ["-o", "--output", "-h\tShow help.", "--help\tShow help."] },
        { "flags of check", ["check", "--o"], ["--output\tOutput format."] },
        { "choices", ["check", "-o", ""], ["table\tColumns.", "json", "yaml"] },
        { "choices after --flag=", ["check", "--output=t"], ["table\tColumns."] },
        { "names from the lookup", ["check", "--context", "k"], ["kind-dev\tcluster kind"] },
        { "arguments", ["completion", "b"], ["bash\tfor bash"] },
    };

    [Theory]
    [MemberData(nameof(Described))]
    public void Candidates_carry_their_descriptions(string situation, string[] words, string[] lines)
    {
        var result = new Completer(Commands, Global, Names).Complete(words);

        Assert.True(lines.SequenceEqual(result.Candidates.Select(c => c.Line)), $"{situation}: got [{string.Join(", ", result.Candidates.Select(c => c.Line))}]");
    }

    [Fact]
    public void The_lookup_is_asked_only_for_names_it_holds()
    {
        var asked = new List<FlagValue>();
        var completer = new Completer(Commands, Global, (kind, _) =>
        {
            asked.Add(kind);
            return [];
        });

        foreach (var words in new[] { new[] { "check", "-o", "" }, ["check", "-f", ""], ["check", "--"], [""], ["check", "-n", ""], ["check", "--context", ""] })
        {
            completer.Complete(words);
        }

        Assert.Equal([FlagValue.Namespace, FlagValue.Context], asked);
    }
}
