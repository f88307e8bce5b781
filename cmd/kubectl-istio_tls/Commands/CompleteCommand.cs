using IstioTls.Application;
using IstioTls.Cluster;
using IstioTls.CommandLine.Completion;
using IstioTls.CommandLine;

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
        var completer = new Completer(CommandCatalog.Commands, CommandCatalog.GlobalFlags, KubeconfigNames);
        using var stdout = Terminal.OpenStdout();
        completer.Complete(words).WriteTo(stdout);
        return ExitCodes.Ok;
    }

    /// <summary>Names from the kubeconfig that <c>check</c> would read (found and merged as kubectl
    /// does); completion never fails, so a missing or broken kubeconfig offers none.</summary>
    private static IReadOnlyList<string> KubeconfigNames(FlagValue kind, string? kubeconfigFlag)
    {
        k8s.KubeConfigModels.K8SConfiguration configuration;
        try
        {
            configuration = Kubeconfig.Load(kubeconfigFlag, Environment.GetEnvironmentVariable).Configuration;
        }
        catch (ClusterException)
        {
            return [];
        }
        var names = kind switch
        {
            FlagValue.Cluster => configuration.Clusters?.Select(c => c.Name),
            FlagValue.User => configuration.Users?.Select(u => u.Name),
            _ => configuration.Contexts?.Select(c => c.Name),
        };
        return names?.Where(n => !string.IsNullOrEmpty(n)).ToArray() ?? [];
    }
}
