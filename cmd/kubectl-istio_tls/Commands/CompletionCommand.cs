using IstioTls.CommandLine;
using IstioTls.CommandLine.Completion;

namespace IstioTls.Cli.Commands;

internal sealed class CompletionCommand
{
    /// <summary>Print a shell completion script for kubectl-istio_tls: bash, zsh, fish or powershell.</summary>
    /// <param name="shell">bash, zsh, fish or powershell.</param>
    [ConsoleAppFramework.Command("completion")]
    public void Completion([ConsoleAppFramework.Argument] string? shell = null)
    {
        var script = CompletionScripts.For(shell ?? throw new UsageException("completion: name the shell: bash, zsh, fish or powershell"));
        using var stdout = Terminal.OpenStdout();
        stdout.Write(script);
    }
}
