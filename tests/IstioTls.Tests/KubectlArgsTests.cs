using IstioTls.CommandLine;

namespace IstioTls.Tests;

public class KubectlArgsTests
{
    private static readonly string[] ListFlags = ["-f|--filename", "--contexts"];

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
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Rewrites_kubectl_style_arguments(string[] args, string[] expected) =>
        Assert.Equal(expected, KubectlArgs.Normalize(args, ListFlags));
}
