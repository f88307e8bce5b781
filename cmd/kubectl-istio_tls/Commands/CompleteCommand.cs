using IstioTls.Application;
using IstioTls.Cluster;
using IstioTls.CommandLine.Completion;

namespace IstioTls.Cli.Commands;

/// <summary>
/// The hidden <c>__complete</c> command, cobra's: the completion scripts of <c>completion</c>,
/// and kubectl 1.26+ through <c>kubectl_complete-istio_tls</c>, run it with the words typed after
/// the command name, and it prints the candidates for the last one. It runs before
/// ConsoleAppFramework, which would reject the half-typed flags it is given, and it never fails:
/// whatever cannot be read offers nothing, and nothing reaches stderr.
/// </summary>
internal static class CompleteCommand
{
    public const string Name = "__complete";

    public static int Run(IReadOnlyList<string> words)
    {
        var completer = new Completer(CommandCatalog.Commands, CommandCatalog.GlobalFlags, Lookup);
        using var stdout = Terminal.OpenStdout();
        completer.Complete(words).WriteTo(stdout);
        return ExitCodes.Ok;
    }

    private static IReadOnlyList<Candidate> Lookup(FlagValue kind, TypedFlags typed)
    {
        ClusterOptions options;
        try
        {
            options = typed.ClusterOptions();
        }
        catch (CommandLine.UsageException)
        {
            return [];
        }
        return kind switch
        {
            FlagValue.Namespace => FromCluster(options, ClusterNames.Namespaces),
            FlagValue.Gateway => FromCluster(options, ClusterNames.IstioGateways),
            _ => KubeconfigNames(kind, options.Kubeconfig),
        };
    }

    // A --request-timeout among the words is the budget: a slow link needs more than a tab press's.
    private static Candidate[] FromCluster(ClusterOptions options, ClusterNames what) =>
        [.. CompletionNames.Read(options, what, options.RequestTimeout is { } typed && typed > TimeSpan.Zero ? typed : CompletionNames.Budget).Select(n => new Candidate(n.Name, n.Description))];

    /// <summary>Names from the kubeconfig that <c>check</c> would read (found and merged as kubectl
    /// does); a missing or broken kubeconfig offers none.</summary>
    private static Candidate[] KubeconfigNames(FlagValue kind, string? kubeconfigFlag)
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
            FlagValue.Cluster => configuration.Clusters?.Select(c => new Candidate(c.Name, c.ClusterEndpoint?.Server)),
            FlagValue.User => configuration.Users?.Select(u => new Candidate(u.Name)),
            _ => configuration.Contexts?.Select(c => new Candidate(c.Name, ContextDescription(c.ContextDetails))),
        };
        return names?.Where(n => !string.IsNullOrEmpty(n.Value)).ToArray() ?? [];
    }

    // "cluster prod, namespace shop": which cluster a context reaches, as kubectl config get-contexts shows.
    private static string? ContextDescription(k8s.KubeConfigModels.ContextDetails? details) =>
        details is null ? null
        : string.IsNullOrEmpty(details.Namespace) ? $"cluster {details.Cluster}"
        : $"cluster {details.Cluster}, namespace {details.Namespace}";
}
