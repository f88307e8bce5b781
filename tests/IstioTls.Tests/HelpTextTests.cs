using IstioTls.CommandLine;
using IstioTls.Tests.Support;

namespace IstioTls.Tests;

/// <summary>Help reads like kubectl's: types as kubectl prints them, defaults only where there is
/// one, each command's own flags, no --version on a command, and examples.</summary>
public class HelpTextTests
{
    [Fact]
    public void Framework_help_is_rewritten_the_kubectl_way()
    {
        const string framework = """
            Usage: kubectl istio-tls merge [options...] [-h|--help] [--version]

            Merge.

            Options:
              -f, --filename <string[]?>    Files. [Default: null]
              -o, --output <string>         Format. [Default: @"table"]
              --dry-run                     Print only.
              --contexts <string>           Contexts. [Default: null]
              --color <string>              Colour. [Default: @"auto"]
            """;

        Assert.Equal("""
            Usage: kubectl istio-tls merge [options...] [-h|--help]

            Merge.

            Options:
              -f, --filename strings    Files.
              -o, --output string       Format. (default "table")
              --dry-run                 Print only.
              --color string            Colour. (default "auto")

            Examples:
              # Plan the merge from manifests and print the objects to apply
              kubectl istio-tls merge --dry-run -f manifests/ -o manifests
              # Plan from the current context, then apply after confirmation
              kubectl istio-tls merge
              # Show the merge as a diff of the manifests in Git, then make it in the files
              kubectl istio-tls merge -f deploy/ --diff
              kubectl istio-tls merge -f deploy/ --write
            """, HelpText.Rewrite(framework));
    }

    [Theory]
    [InlineData("check", "--contexts string", true)]
    [InlineData("merge", "--contexts", false)]
    [InlineData("apply-421", "--all-contexts", false)]
    [InlineData("version", "--kubeconfig", false)]
    [InlineData("check", "<string", false)]
    [InlineData("check", "[Default:", false)]
    [InlineData("check", "[--version]", false)]
    [InlineData("check", "Examples:", true)]
    [InlineData("merge", "Solution", false)]
    [InlineData("probe", "--contexts string", true)]
    [InlineData("probe", "--certificate-authority string", true)]
    [InlineData("probe", "--timeout string", true)]
    [InlineData("probe", "Examples:", true)]
    [InlineData("completion", "Usage: kubectl istio-tls completion SHELL [-h|--help]\n", true)]
    [InlineData("completion", "  SHELL    bash, zsh, fish or powershell.", true)]
    [InlineData("completion", "source <(kubectl-istio_tls completion bash)", true)]
    [InlineData("completion", "[0]", false)]
    [InlineData("completion", "Options:", false)]
    [InlineData("completion", "--kubeconfig", false)]
    public void Each_command_help_lists_what_it_takes(string command, string text, bool present)
    {
        var result = Cli.Run([command, "--help"]);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(present, result.Stdout.Contains(text, StringComparison.Ordinal));
    }
}
