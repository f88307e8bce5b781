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
            new("--filename", "-f", FlagValue.File, List: true),
            new("--output", "-o", FlagValue.Choice, ["table", "json", "yaml"]),
            new("--fail-on", Value: FlagValue.Choice, Choices: ["none", "info", "warning", "error"]),
            new("--no-headers"),
        ]),
        new("apply-421", [new("--mode", Value: FlagValue.Choice, Choices: ["strict", "precise"]), new("--dry-run")]),
        new("version", [new("--output", "-o", FlagValue.Choice, ["table", "json", "yaml"])]),
    ];

    private static readonly FlagSpec[] Global =
    [
        new("--kubeconfig", Value: FlagValue.File),
        new("--context", Value: FlagValue.Context),
        new("--contexts", Value: FlagValue.Context, List: true),
        new("--cluster", Value: FlagValue.Cluster),
        new("--user", Value: FlagValue.User),
        new("--namespace", "-n", FlagValue.Text),
        new("--all-namespaces", "-A"),
    ];

    // Contexts of the kubeconfig named by --kubeconfig, else of the default one.
    private static IReadOnlyList<string> Names(FlagValue kind, string? kubeconfig) => (kind, kubeconfig) switch
    {
        (FlagValue.Context, null) => ["kind-dev", "prod-eu", "prod-us"],
        (FlagValue.Context, "other.yaml") => ["other"],
        (FlagValue.Cluster, _) => ["cluster-a"],
        (FlagValue.User, _) => ["admin"],
        _ => [],
    };

    public static TheoryData<string, string[], string[], int> Cases => new()
    {
        { "commands", [""], ["check", "apply-421", "version"], 4 },
        { "commands by prefix", ["ch"], ["check"], 4 },
        { "root flags", ["-"], ["-h", "--help", "--version"], 4 },
        { "flags of the command, then global flags, both spellings after one dash", ["check", "-"], ["-f", "--filename", "-o", "--output", "--fail-on", "--no-headers", "--kubeconfig", "--context", "--contexts", "--cluster", "--user", "-n", "--namespace", "-A", "--all-namespaces", "-h", "--help"], 4 },
        { "long flags only after two dashes", ["check", "--"], ["--filename", "--output", "--fail-on", "--no-headers", "--kubeconfig", "--context", "--contexts", "--cluster", "--user", "--namespace", "--all-namespaces", "--help"], 4 },
        { "version takes no cluster flag", ["version", "--"], ["--output", "--help"], 4 },
        { "apply-421 writes to one context: no --contexts", ["apply-421", "--"], ["--mode", "--dry-run", "--kubeconfig", "--context", "--cluster", "--user", "--namespace", "--all-namespaces", "--help"], 4 },
        { "flags by prefix", ["check", "--f"], ["--filename", "--fail-on"], 4 },
        { "a flag given once is not offered again", ["check", "-o", "json", "-A", "--context", "x", "--"], ["--filename", "--fail-on", "--no-headers", "--kubeconfig", "--contexts", "--cluster", "--user", "--namespace", "--help"], 4 },
        { "-ojson counts as given", ["check", "-ojson", "--o"], [], 4 },
        { "a repeatable flag is offered again", ["check", "-f", "a.yaml", "--fi"], ["--filename"], 4 },
        { "output formats", ["check", "-o", ""], ["table", "json", "yaml"], 4 },
        { "output formats by prefix", ["version", "--output", "y"], ["yaml"], 4 },
        { "--flag=value keeps the flag in the candidate", ["check", "--output=j"], ["--output=json"], 4 },
        { "thresholds", ["check", "--fail-on", ""], ["none", "info", "warning", "error"], 4 },
        { "modes of another command", ["apply-421", "--mode", ""], ["strict", "precise"], 4 },
        { "files after -f", ["check", "-f", ""], [], 0 },
        { "files after --filename", ["check", "--filename", "exa"], [], 0 },
        { "contexts from the kubeconfig", ["check", "--context", ""], ["kind-dev", "prod-eu", "prod-us"], 4 },
        { "contexts by prefix", ["check", "--context", "prod"], ["prod-eu", "prod-us"], 4 },
        { "--context=", ["check", "--context=k"], ["--context=kind-dev"], 4 },
        { "the last context of a list, without those already listed", ["check", "--contexts", "prod-eu,"], ["prod-eu,kind-dev", "prod-eu,prod-us"], 4 },
        { "contexts of the kubeconfig given by --kubeconfig", ["check", "--kubeconfig", "other.yaml", "--context", ""], ["other"], 4 },
        { "--kubeconfig=FILE counts too", ["check", "--kubeconfig=other.yaml", "--context", ""], ["other"], 4 },
        { "--kubeconfig before the command", ["--kubeconfig", "other.yaml", "check", "--context", ""], ["other"], 4 },
        { "global flags before the command", ["--context", "p"], ["prod-eu", "prod-us"], 4 },
        { "clusters", ["version", "--cluster", ""], ["cluster-a"], 4 },
        { "users", ["check", "--user", ""], ["admin"], 4 },
        { "files after --kubeconfig", ["check", "--kubeconfig", ""], [], 0 },
        { "free text after -n", ["check", "-n", ""], [], 4 },
        { "no arguments after the command", ["check", ""], [], 4 },
        { "no arguments after a switch", ["check", "--no-headers", ""], [], 4 },
        { "nothing after --", ["check", "--", "-"], [], 4 },
        { "nothing for an unknown command", ["chek", "-"], [], 4 },
        { "an unknown flag is skipped", ["check", "--bogus", "-o", "t"], ["table"], 4 },
        { "nothing typed at all", [], ["check", "apply-421", "version"], 4 },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Offers(string situation, string[] words, string[] expected, int directive)
    {
        var result = new Completer(Commands, Global, Names).Complete(words);

        Assert.True(expected.SequenceEqual(result.Candidates), $"{situation}: got [{string.Join(", ", result.Candidates)}]");
        Assert.True(directive == result.Directive, $"{situation}: directive {result.Directive}");
    }

    [Fact]
    public void Writes_candidates_one_a_line_then_the_directive()
    {
        var output = new StringWriter();

        new CompletionResult(["json", "yaml"], CompletionResult.NoFiles).WriteTo(output);

        Assert.Equal("json\nyaml\n:4\n", output.ToString());
    }
}
