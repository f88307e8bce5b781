using IstioTls.CommandLine;

namespace IstioTls.Tests;

public class KubectlArgsTests
{
    private static readonly string[] ListFlags = ["-f|--filename", "--contexts"];

    private static readonly string[] Switches = ["--dry-run", "--no-headers", "--yes"];

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
        { ["merge", "--dry-run=client", "--yes=false"], ["merge", "--dry-run"] },
        { ["merge", "--dry-run=none"], ["merge"] },
        { ["merge", "--dry-run"], ["merge", "--dry-run"] },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Rewrites_kubectl_style_arguments(string[] args, string[] expected) =>
        Assert.Equal(expected, KubectlArgs.Normalize(args, ListFlags, Switches));

    [Theory]
    [InlineData("--no-headers=maybe", "--no-headers takes true or false, not \"maybe\"")]
    [InlineData("--dry-run=later", "--dry-run must be client or none (or true, false), not \"later\"")]
    [InlineData("--dry-run=server", "--dry-run=server is not supported: --dry-run (the same as --dry-run=client) reads the cluster and changes nothing")]
    public void A_switch_with_another_value_is_a_usage_error(string arg, string message) =>
        Assert.Equal(message, Assert.Throws<UsageException>(() => KubectlArgs.Normalize(["check", arg], ListFlags, Switches)).Message);
}
