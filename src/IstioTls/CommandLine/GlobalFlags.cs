using IstioTls.Application;
using IstioTls.Cluster;
using IstioTls.Printers;

namespace IstioTls.CommandLine;

/// <summary>
/// The flags every command takes, as k8s.io/cli-runtime gives them to kubectl plugins: which
/// cluster (kubeconfig, context, cluster, user, impersonation, timeout, and the connection flags
/// that override the context: server, token, certificates, TLS), which namespaces, which
/// contexts, colour and verbosity. The program declares them inline, where ConsoleAppFramework's generator
/// can read them for the help text; here they become typed options, and the rules between them
/// are checked.
/// </summary>
public sealed record GlobalFlags(
    string? Kubeconfig,
    string? Context,
    string? Cluster,
    string? User,
    string? Namespace,
    bool AllNamespaces,
    string? RequestTimeout,
    string? As,
    string? Contexts,
    bool AllContexts,
    string Color,
    string? Server = null,
    string? Token = null,
    string? AsGroup = null,
    string? AsUid = null,
    string? CertificateAuthority = null,
    string? ClientCertificate = null,
    string? ClientKey = null,
    bool InsecureSkipTlsVerify = false,
    string? TlsServerName = null,
    string? CacheDir = null,
    int Verbosity = 0)
{
    public ClusterOptions ClusterOptions() => new()
    {
        Kubeconfig = Kubeconfig,
        Context = Context,
        Cluster = Cluster,
        User = User,
        Impersonate = As,
        // --as-group is a list as kubectl's is; repeated flags arrive joined with commas.
        ImpersonateGroups = AsGroup is null ? [] : AsGroup.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
        ImpersonateUid = AsUid,
        Server = Server,
        Token = Token,
        CertificateAuthority = CertificateAuthority,
        ClientCertificate = ClientCertificate,
        ClientKey = ClientKey,
        InsecureSkipTlsVerify = InsecureSkipTlsVerify,
        TlsServerName = TlsServerName,
        RequestTimeout = Durations.RequestTimeout(RequestTimeout),
        Verbosity = Verbosity >= 0 ? Verbosity : throw new UsageException($"-v must be 0 or more, not {Verbosity}"),
    };

    /// <summary>The namespace the report is limited to; <c>-A</c> wins over <c>-n</c>, as in kubectl.</summary>
    public string? ReportNamespace => AllNamespaces ? null : Namespace;

    /// <summary><c>--color auto|always|never</c>.</summary>
    public ColorMode ColorMode => ColorModes.TryParse(Color, out var mode)
        ? mode
        : throw new UsageException($"--color must be auto, always or never, not \"{Color}\"");

    /// <summary>Files with <c>-f</c>, else the contexts the flags name.</summary>
    public InputSelection Input(string[]? filename)
    {
        if (filename is { Length: > 0 })
        {
            if (NamesACluster)
            {
                throw new UsageException("-f reads manifest files; it cannot be combined with --kubeconfig, --context, --contexts, --all-contexts, --cluster, --user, --as or the connection flags (--server, --token, ...)");
            }
            return new ManifestInput(filename);
        }
        return new ClusterInput(ClusterOptions(), ContextList, AllContexts);
    }

    /// <summary>The one context <paramref name="command"/> writes to: several are refused.</summary>
    public ClusterInput WriteTarget(string command) =>
        Contexts is not null || AllContexts
            ? throw new UsageException($"{command} writes to one cluster: choose it with --context, not --contexts or --all-contexts")
            : new ClusterInput(ClusterOptions(), [], false);

    private IReadOnlyList<string> ContextList =>
        Contexts is null ? [] : Contexts.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>True when a flag names a cluster, which <c>-f</c> (and <c>probe --host</c>) cannot be combined with.</summary>
    public bool NamesACluster => Kubeconfig is not null || Context is not null || Cluster is not null || User is not null || As is not null || Contexts is not null || AllContexts
        || AsGroup is not null || AsUid is not null || ClusterOptions().OverridesConnection;
}
