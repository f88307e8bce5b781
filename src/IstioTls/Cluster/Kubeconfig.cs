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

    private static Kubeconfig Empty => new(new K8SConfiguration { Contexts = [], Clusters = [], Users = [] }, []);

    public string? CurrentContext => Configuration.CurrentContext is { Length: > 0 } c ? c : null;

    public IEnumerable<string> ContextNames => Configuration.Contexts?.Select(c => c.Name) ?? [];

    /// <param name="serverGiven">With <c>--server</c>, a missing kubeconfig is an empty one, as in kubectl.</param>
    public static Kubeconfig Load(string? kubeconfigFlag, Func<string, string?> environment, bool serverGiven = false)
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
                if (serverGiven)
                {
                    return Empty;
                }
                throw new ClusterException($"no kubeconfig found: none of the files in KUBECONFIG exists ({list})");
            }
            return new Kubeconfig(Merge(files.Select(Read)), files);
        }
        var home = environment("HOME") ?? environment("USERPROFILE") ?? Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        var defaultPath = Path.Combine(home, ".kube", "config");
        if (!File.Exists(defaultPath))
        {
            if (serverGiven)
            {
                return Empty;
            }
            throw new ClusterException($"no kubeconfig found: {defaultPath} does not exist; set KUBECONFIG or --kubeconfig, or give manifests with -f");
        }
        return new Kubeconfig(Read(defaultPath), [defaultPath]);
    }

    /// <summary>Client configuration for one context, with <c>--cluster</c> and <c>--user</c>
    /// choosing other entries of the kubeconfig and the connection flags (<c>--server</c>,
    /// <c>--token</c>, ...) laid over them as kubectl lays them. With <c>--server</c>, the context
    /// may be <see cref="FlagsOnly"/>: no kubeconfig entry at all, as <c>kubectl -s URL --token T</c>.</summary>
    public KubernetesClientConfiguration ClientConfiguration(string contextName, ClusterOptions options)
    {
        var (endpoint, userName) = EndpointOf(contextName, options);
        var user = userName is null ? null : Configuration.Users?.FirstOrDefault(u => u.Name == userName);
        if (string.IsNullOrEmpty(endpoint.Server))
        {
            throw new ClusterException($"context \"{contextName}\": the cluster has no server address (set one with --server)");
        }
        var credentials = ConnectionOverrides.User(user?.UserCredentials, userName, options);
        // One context, one cluster, one user: the copies with the flags applied.
        var effective = new K8SConfiguration
        {
            CurrentContext = contextName,
            Contexts = [new Context { Name = contextName, ContextDetails = new ContextDetails { Cluster = "cluster", User = "user" } }],
            Clusters = [new k8s.KubeConfigModels.Cluster { Name = "cluster", ClusterEndpoint = endpoint }],
            Users = [new User { Name = "user", UserCredentials = credentials }],
            FileName = Configuration.FileName,
        };
        try
        {
            var configuration = KubernetesClientConfiguration.BuildConfigFromConfigObject(effective, contextName);
            // The client library reads tls-server-name from no kubeconfig; kubectl checks the
            // server's certificate against it.
            configuration.TlsServerName = endpoint.TlsServerName;
            return configuration;
        }
        catch (Exception e) when (e is k8s.Exceptions.KubeConfigException or FormatException or IOException or System.Security.Cryptography.CryptographicException)
        {
            throw new ClusterException($"context \"{contextName}\": invalid kubeconfig: {e.Message}");
        }
    }

    /// <summary>The cluster endpoint a context connects to, with the flags laid over it, and the
    /// name of its user entry (after <c>--user</c>).</summary>
    public (ClusterEndpoint Endpoint, string? User) EndpointOf(string contextName, ClusterOptions options)
    {
        var (clusterName, userName) = Names(contextName, options);
        var cluster = clusterName is null ? null : Configuration.Clusters?.FirstOrDefault(c => c.Name == clusterName);
        return (ConnectionOverrides.Cluster(cluster?.ClusterEndpoint, options), userName);
    }

    /// <summary>The user the context authenticates as (after <c>--user</c>), for messages.</summary>
    public string? UserOf(string contextName, ClusterOptions options) => Names(contextName, options).User;

    /// <summary>The impersonation the kubeconfig's user asks for (<c>as</c>, <c>as-groups</c>),
    /// which the flags replace.</summary>
    public (string? User, IReadOnlyList<string> Groups) ImpersonationOf(string contextName, ClusterOptions options)
    {
        var userName = Names(contextName, options).User;
        var credentials = Configuration.Users?.FirstOrDefault(u => u.Name == userName)?.UserCredentials;
        return (credentials?.Impersonate is { Length: > 0 } asUser ? asUser : null, credentials?.ImpersonateGroups?.ToList() ?? []);
    }

    // The cluster and user entries a context names, after --cluster and --user. With --server a
    // context needs no cluster entry, and the user entry is optional (the flags may carry it all).
    private (string? Cluster, string? User) Names(string contextName, ClusterOptions options)
    {
        var context = Configuration.Contexts?.FirstOrDefault(c => c.Name == contextName);
        if (context is null && contextName != FlagsOnly(options))
        {
            throw new ClusterException($"context \"{contextName}\" not found in {string.Join(", ", Files)}");
        }
        var clusterName = options.Cluster ?? context?.ContextDetails?.Cluster;
        var userName = options.User ?? context?.ContextDetails?.User;
        if (options.Cluster is not null || options.Server is null)
        {
            EnsureExists(Configuration.Clusters?.Select(c => c.Name), clusterName, "cluster");
        }
        if (options.User is not null)
        {
            EnsureExists(Configuration.Users?.Select(u => u.Name), userName, "user");
        }
        return (clusterName, userName);
    }

    /// <summary>The name a run without any kubeconfig context goes by: the <c>--server</c> it reads.</summary>
    public static string? FlagsOnly(ClusterOptions options) => options.Server;

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
