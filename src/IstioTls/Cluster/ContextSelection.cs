namespace IstioTls.Cluster;

/// <summary>Which contexts to check: <c>--context</c>, <c>--contexts a,b</c>,
/// <c>--all-contexts</c>, or the kubeconfig's current context.</summary>
public static class ContextSelection
{
    /// <param name="flagsOnly">With <c>--server</c>: the name of the context the flags alone make
    /// when the kubeconfig has no current context (<see cref="Kubeconfig.FlagsOnly"/>).</param>
    public static IReadOnlyList<string> Resolve(Kubeconfig kubeconfig, string? context, IReadOnlyList<string> contexts, bool allContexts, string? flagsOnly = null)
    {
        if (allContexts)
        {
            var all = kubeconfig.ContextNames.ToList();
            return all.Count > 0 ? all : throw new ClusterException($"no contexts in {string.Join(", ", kubeconfig.Files)}");
        }
        if (contexts.Count > 0)
        {
            // Names that are not in the kubeconfig fail one by one when read (Unknown), as
            // every other context that cannot be read: the others are still checked.
            return [.. contexts.Distinct(StringComparer.Ordinal)];
        }
        var chosen = context ?? kubeconfig.CurrentContext ?? flagsOnly
            ?? throw new ClusterException($"no current context in {string.Join(", ", kubeconfig.Files)}: use --context, or give manifests with -f");
        return kubeconfig.ContextNames.Contains(chosen) || (chosen == flagsOnly && context is null)
            ? [chosen]
            : throw new ClusterException($"context \"{chosen}\" not found in {string.Join(", ", kubeconfig.Files)}");
    }

    /// <summary>Why <paramref name="context"/> cannot be read from this kubeconfig; null when it can.</summary>
    public static string? Unknown(Kubeconfig kubeconfig, string context) =>
        kubeconfig.ContextNames.Contains(context) ? null : $"context \"{context}\" not found in {string.Join(", ", kubeconfig.Files)}";

    public static string? NamespaceOf(Kubeconfig kubeconfig, string context) =>
        kubeconfig.Configuration.Contexts?.FirstOrDefault(c => c.Name == context)?.ContextDetails?.Namespace;
}
