using IstioTls.CommandLine;
using IstioTls.CommandLine.Completion;
using IstioTls.Sources;

namespace IstioTls.Cli.Commands;

/// <summary>
/// The hidden <c>__complete</c> command behind <c>kubectl_complete-istio_tls</c>: kubectl 1.26+
/// runs that script with the words typed after <c>kubectl istio-tls</c>, and it prints the
/// candidates for the last one. It runs before ConsoleAppFramework, which would reject the
/// half-typed flags it is given.
/// </summary>
internal static class CompleteCommand
{
    public const string Name = "__complete";

    public static int Run(IReadOnlyList<string> words)
    {
        var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        var completer = new Completer(CommandCatalog.Commands, CommandCatalog.GlobalFlags, (kind, kubeconfig) =>
        {
            var names = KubeconfigNames.Read(KubeconfigNames.Paths(kubeconfig, Environment.GetEnvironmentVariable, home));
            return kind switch
            {
                FlagValue.Cluster => names.Clusters,
                FlagValue.User => names.Users,
                _ => names.Contexts,
            };
        });
        using var stdout = Terminal.OpenStdout();
        completer.Complete(words).WriteTo(stdout);
        return ExitCodes.Ok;
    }
}
