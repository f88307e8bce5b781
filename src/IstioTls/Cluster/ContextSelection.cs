namespace IstioTls.Cluster;

/// <summary>Which contexts to check: <c>--context</c>, <c>--contexts a,b</c>,
/// <c>--all-contexts</c>, or the kubeconfig's current context.</summary>
public static class ContextSelection
{
    public static IReadOnlyList<string> Resolve(Kubeconfig kubeconfig, string? context, IReadOnlyList<string> contexts, bool allContexts)
    {
        if (allContexts)
        {
            var all = kubeconfig.ContextNames.ToList();
            return all.Count > 0 ? all : throw new ClusterException($"no contexts in {string.Join(", ", kubeconfig.Files)}");
        }
        if (contexts.Count > 0)
        {
            var unknown = contexts.Where(c => !kubeconfig.ContextNames.Contains(c)).ToList();
            return unknown.Count == 0
                ? [.. contexts.Distinct(StringComparer.Ordinal)]
                : throw new ClusterException($"context \"{unknown[0]}\" not found in {string.Join(", ", kubeconfig.Files)}");
        }
        var chosen = context ?? kubeconfig.CurrentContext
            ?? throw new ClusterException($"no current context in {string.Join(", ", kubeconfig.Files)}: use --context, or give manifests with -f");
        return kubeconfig.ContextNames.Contains(chosen)
            ? [chosen]
            : throw new ClusterException($"context \"{chosen}\" not found in {string.Join(", ", kubeconfig.Files)}");
    }

    public static string? NamespaceOf(Kubeconfig kubeconfig, string context) =>
        kubeconfig.Configuration.Contexts?.FirstOrDefault(c => c.Name == context)?.ContextDetails?.Namespace;
}
