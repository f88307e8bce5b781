using k8s;
using k8s.KubeConfigModels;

namespace IstioTls.Cluster;

/// <summary>
/// Loads the kubeconfig the way kubectl does: <c>--kubeconfig</c> names one file (no merging);
/// otherwise <c>KUBECONFIG</c> is a path list whose files are merged, the first file that sets a
/// value winning (contexts, clusters and users by name, and current-context); otherwise
/// <c>~/.kube/config</c>. Relative paths in a file are relative to that file.
/// </summary>
public sealed class Kubeconfig
{
    private Kubeconfig(K8SConfiguration configuration, IReadOnlyList<string> files)
    {
        Configuration = configuration;
        Files = files;
    }

    public K8SConfiguration Configuration { get; }

    /// <summary>The files that were read, for messages.</summary>
    public IReadOnlyList<string> Files { get; }

    public string? CurrentContext => Configuration.CurrentContext is { Length: > 0 } c ? c : null;

    public IEnumerable<string> ContextNames => Configuration.Contexts?.Select(c => c.Name) ?? [];

    public static Kubeconfig Load(string? kubeconfigFlag, Func<string, string?> environment)
    {
        if (!string.IsNullOrEmpty(kubeconfigFlag))
        {
            if (!File.Exists(kubeconfigFlag))
            {
                throw new ClusterException($"kubeconfig {kubeconfigFlag} not found (--kubeconfig)");
            }
            return new Kubeconfig(Read(kubeconfigFlag), [kubeconfigFlag]);
        }
        var list = environment("KUBECONFIG");
        if (!string.IsNullOrEmpty(list))
        {
            var files = list.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries).Distinct(StringComparer.Ordinal).Where(File.Exists).ToList();
            if (files.Count == 0)
            {
                throw new ClusterException($"no kubeconfig found: none of the files in KUBECONFIG exists ({list})");
            }
            return new Kubeconfig(Merge(files.Select(Read)), files);
        }
        var home = environment("HOME") ?? environment("USERPROFILE") ?? Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        var defaultPath = Path.Combine(home, ".kube", "config");
        if (!File.Exists(defaultPath))
        {
            throw new ClusterException($"no kubeconfig found: {defaultPath} does not exist; set KUBECONFIG or --kubeconfig, or give manifests with -f");
        }
        return new Kubeconfig(Read(defaultPath), [defaultPath]);
    }

    /// <summary>Client configuration for one context, with <c>--cluster</c> and <c>--user</c>
    /// overriding the context's own.</summary>
    public KubernetesClientConfiguration ClientConfiguration(string contextName, string? clusterOverride, string? userOverride)
    {
        var context = Configuration.Contexts?.FirstOrDefault(c => c.Name == contextName)
            ?? throw new ClusterException($"context \"{contextName}\" not found in {string.Join(", ", Files)}");
        context.ContextDetails ??= new ContextDetails();
        if (clusterOverride is not null)
        {
            EnsureExists(Configuration.Clusters?.Select(c => c.Name), clusterOverride, "cluster");
            context.ContextDetails.Cluster = clusterOverride;
        }
        if (userOverride is not null)
        {
            EnsureExists(Configuration.Users?.Select(u => u.Name), userOverride, "user");
            context.ContextDetails.User = userOverride;
        }
        EnsureExists(Configuration.Clusters?.Select(c => c.Name), context.ContextDetails.Cluster, "cluster");
        try
        {
            return KubernetesClientConfiguration.BuildConfigFromConfigObject(Configuration, contextName);
        }
        catch (Exception e) when (e is k8s.Exceptions.KubeConfigException or FormatException or IOException or System.Security.Cryptography.CryptographicException)
        {
            throw new ClusterException($"context \"{contextName}\": invalid kubeconfig: {e.Message}");
        }
    }

    private void EnsureExists(IEnumerable<string>? names, string? name, string what)
    {
        if (name is null || names?.Contains(name) != true)
        {
            throw new ClusterException($"{what} \"{name}\" not found in {string.Join(", ", Files)}");
        }
    }

    private static K8SConfiguration Read(string path)
    {
        K8SConfiguration configuration;
        try
        {
            configuration = KubernetesClientConfiguration.LoadKubeConfig(new FileInfo(path), useRelativePaths: false);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            throw new ClusterException($"kubeconfig {path} cannot be read: {FirstLine(e.Message)}");
        }
        ResolveRelativePaths(configuration, Path.GetDirectoryName(Path.GetFullPath(path))!);
        return configuration;
    }

    private static void ResolveRelativePaths(K8SConfiguration configuration, string directory)
    {
        string? Resolve(string? path) =>
            string.IsNullOrEmpty(path) || Path.IsPathRooted(path) ? path : Path.GetFullPath(Path.Combine(directory, path));
        foreach (var cluster in configuration.Clusters ?? [])
        {
            if (cluster.ClusterEndpoint is { } endpoint)
            {
                endpoint.CertificateAuthority = Resolve(endpoint.CertificateAuthority);
            }
        }
        foreach (var user in configuration.Users ?? [])
        {
            if (user.UserCredentials is { } credentials)
            {
                credentials.ClientCertificate = Resolve(credentials.ClientCertificate);
                credentials.ClientKey = Resolve(credentials.ClientKey);
                if (credentials.ExternalExecution is { Command: { } command } exec && command.Contains('/', StringComparison.Ordinal))
                {
                    exec.Command = Resolve(command);
                }
            }
        }
    }

    private static K8SConfiguration Merge(IEnumerable<K8SConfiguration> files)
    {
        var merged = new K8SConfiguration { Contexts = [], Clusters = [], Users = [] };
        foreach (var file in files)
        {
            merged.CurrentContext ??= file.CurrentContext is { Length: > 0 } current ? current : null;
            merged.Contexts = [.. merged.Contexts, .. (file.Contexts ?? []).Where(c => merged.Contexts.All(m => m.Name != c.Name))];
            merged.Clusters = [.. merged.Clusters, .. (file.Clusters ?? []).Where(c => merged.Clusters.All(m => m.Name != c.Name))];
            merged.Users = [.. merged.Users, .. (file.Users ?? []).Where(u => merged.Users.All(m => m.Name != u.Name))];
            merged.FileName ??= file.FileName;
        }
        return merged;
    }

    private static string FirstLine(string message)
    {
        var newline = message.IndexOf('\n', StringComparison.Ordinal);
        return newline < 0 ? message : message[..newline];
    }
}
