using IstioTls.CommandLine;

namespace IstioTls.Tests;

public class KubectlArgsTests
{
    private static readonly string[] ListFlags = ["-f|--filename", "--contexts"];

    private static readonly string[] Switches = ["--no-headers", "--yes"];

    public static TheoryData<string[], string[]> Cases => new()
    {
        { ["check", "--output=json"], ["check", "--output", "json"] },
        { ["check", "-ojson"], ["check", "-o", "json"] },
        { ["check", "-o=yaml"], ["check", "-o", "yaml"] },
        { ["check", "-nweb"], ["check", "-n", "web"] },
        { ["check", "-f", "a.yaml", "-f", "b.yaml"], ["check", "-f", "a.yaml,b.yaml"] },
        { ["check", "-f", "a.yaml", "--filename=b.yaml", "-o", "json", "-f", "c"], ["check", "-f", "a.yaml,b.yaml,c", "-o", "json"] },
        { ["check", "--contexts", "a", "--contexts=b"], ["check", "--contexts", "a,b"] },
        { ["check", "--fail-on=none", "-A"], ["check", "--fail-on", "none", "-A"] },
        { ["check", "--", "--x=y", "-f", "z"], ["check", "--", "--x=y", "-f", "z"] },
        { ["check", "--selector=app=x,tier=y"], ["check", "--selector", "app=x,tier=y"] },
        { ["check", "--no-headers=true"], ["check", "--no-headers"] },
        { ["check", "--no-headers=false", "-o", "json"], ["check", "-o", "json"] },
        { ["check", "--no-headers=FALSE"], ["check"] },
        { ["merge", "--dry-run=client", "--yes=false"], ["merge", "--dry-run", "client"] },
        { ["merge", "--dry-run=none"], ["merge", "--dry-run", "none"] },
        { ["merge", "--dry-run=server", "--yes"], ["merge", "--dry-run", "server", "--yes"] },
        { ["merge", "--dry-run", "-o", "manifests"], ["merge", "--dry-run", "client", "-o", "manifests"] },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Rewrites_kubectl_style_arguments(string[] args, string[] expected) =>
        Assert.Equal(expected, KubectlArgs.Normalize(args, ListFlags, Switches));

    [Theory]
    [InlineData("--no-headers=maybe", "--no-headers takes true or false, not \"maybe\"")]
    [InlineData("--yes=later", "--yes takes true or false, not \"later\"")]
    public void A_switch_with_another_value_is_a_usage_error(string arg, string message) =>
        Assert.Equal(message, Assert.Throws<UsageException>(() => KubectlArgs.Normalize(["check", arg], ListFlags, Switches)).Message);

    [Theory]
    [InlineData("client", DryRunMode.Client)]
    [InlineData("true", DryRunMode.Client)]
    [InlineData("server", DryRunMode.Server)]
    [InlineData("none", DryRunMode.None)]
    [InlineData("false", DryRunMode.None)]
    public void Dry_run_takes_kubectls_strategies(string value, DryRunMode expected) =>
        Assert.Equal(expected, DryRunFlag.Parse(value));

    [Fact]
    public void Dry_run_with_another_value_is_a_usage_error() =>
        Assert.Equal("--dry-run must be none, client or server, not \"later\"", Assert.Throws<UsageException>(() => DryRunFlag.Parse("later")).Message);

    [Theory]
    [InlineData(new[] { "--kubeconfig", "k", "check", "-o", "json" }, new[] { "check", "--kubeconfig", "k", "-o", "json" })]
    [InlineData(new[] { "-n", "web", "--all-contexts", "merge" }, new[] { "merge", "-n", "web", "--all-contexts" })]
    [InlineData(new[] { "--context=prod", "check" }, new[] { "check", "--context=prod" })]
    [InlineData(new[] { "check", "--kubeconfig", "k" }, new[] { "check", "--kubeconfig", "k" })]
    [InlineData(new[] { "--help" }, new[] { "--help" })]
    [InlineData(new[] { "--kubeconfig", "k" }, new[] { "--kubeconfig", "k" })]
    public void Global_flags_before_the_command_move_after_it(string[] args, string[] expected) =>
        Assert.Equal(expected, KubectlArgs.CommandFirst(args, flag => flag is "--kubeconfig" or "-n" or "--context"));
}
