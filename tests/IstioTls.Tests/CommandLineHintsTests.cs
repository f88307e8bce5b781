using IstioTls.CommandLine;
using IstioTls.Tests.Support;

namespace IstioTls.Tests;

public class CommandLineHintsTests
{
    private static readonly string[] Commands = ["check", "merge", "apply-421", "version"];

    [Theory]
    [InlineData("chek", "unknown command \"chek\" for \"kubectl istio-tls\"; did you mean \"check\"?")]
    [InlineData("apply421", "unknown command \"apply421\" for \"kubectl istio-tls\"; did you mean \"apply-421\"?")]
    [InlineData("mrege", "unknown command \"mrege\" for \"kubectl istio-tls\"; did you mean \"merge\"?")]
    [InlineData("frobnicate", "unknown command \"frobnicate\" for \"kubectl istio-tls\"; commands: check, merge, apply-421, version")]
    public void An_unknown_command_suggests_the_closest(string typed, string expected) =>
        Assert.Equal(expected, CommandLineHints.UnknownCommand(typed, "kubectl istio-tls", Commands));

    [Theory]
    [InlineData("Argument 'examples/' is not recognized.", true, "Argument 'examples/' is not recognized: to read manifests, use -f examples/")]
    [InlineData("Argument 'examples/' is not recognized.", false, "Argument 'examples/' is not recognized.")]
    [InlineData("Argument '-' is not recognized.", false, "Argument '-' is not recognized: to read manifests, use -f -")]
    [InlineData("Argument '--bogus' is not recognized.", true, "Argument '--bogus' is not recognized.")]
    public void A_path_without_f_suggests_f(string message, bool exists, string expected) =>
        Assert.Equal(expected, CommandLineHints.ForFrameworkError(message, _ => exists));

    [Fact]
    public void Help_and_help_command_work_and_a_path_without_f_says_what_to_do()
    {
        var help = Cli.Run(["help"]);
        var checkHelp = Cli.Run(["help", "check"]);
        var path = Cli.Run(["check", "examples/"], workingDirectory: Repo.Root);

        Assert.Equal(0, help.ExitCode);
        Assert.Contains("check", help.Stdout, StringComparison.Ordinal);
        Assert.Equal(0, checkHelp.ExitCode);
        Assert.Contains("--inspect-certs", checkHelp.Stdout, StringComparison.Ordinal);
        Assert.Equal(2, path.ExitCode);
        Assert.Equal("error: Argument 'examples/' is not recognized: to read manifests, use -f examples/\n", path.Stderr);
    }
}
