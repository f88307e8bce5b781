using IstioTls.CommandLine.Completion;

namespace IstioTls.Cli.Commands;

/// <summary>
/// The commands and flags that shell completion offers, with their descriptions. ConsoleAppFramework
/// generates its parsers and help at compile time and keeps no list to ask at run time, so a new
/// command or flag is added here too; <c>CompletionProcessTests</c> compares this list, and each
/// description, with every command's <c>--help</c> and fails when they differ.
/// </summary>
internal static class CommandCatalog
{
    private const string NoHeaders = "Do not print table headers.";

    private static readonly Candidate[] TableJsonYaml =
    [
        new("table", "Columns for people."),
        new("json", "The report as JSON."),
        new("yaml", "The report as YAML."),
    ];

    private static readonly FlagSpec Output = new("--output", "-o", FlagValue.Choice, TableJsonYaml, Description: "Output format: table, json or yaml.");

    private static readonly Candidate[] DryRunModes =
    [
        new("none", "Make the writes."),
        new("client", "Print what would be written and send nothing (as bare --dry-run)."),
        new("server", "Send the writes with dryRun=All: the API server validates them and changes nothing."),
    ];

    /// <summary>The global options of Program.cs, which every command takes.</summary>
    public static IReadOnlyList<FlagSpec> GlobalFlags { get; } =
    [
        new("--kubeconfig", Value: FlagValue.File, Description: "Path to the kubeconfig file (default: KUBECONFIG, then ~/.kube/config)."),
        new("--context", Value: FlagValue.Context, Description: "The kubeconfig context to use (default: the current context)."),
        new("--cluster", Value: FlagValue.Cluster, Description: "The kubeconfig cluster to use."),
        new("--user", Value: FlagValue.User, Description: "The kubeconfig user to use."),
        new("--namespace", "-n", FlagValue.Namespace, Description: "check and merge: only findings that involve this namespace (every namespace is still read); apply-421: the gateway workload's namespace."),
        new("--all-namespaces", "-A", Description: "Report findings in every namespace (the default)."),
        new("--request-timeout", Value: FlagValue.Text, Description: "How long a request may take, retries included: 30s, 1m, ... (0: no limit)."),
        new("--as", Value: FlagValue.Text, Description: "Impersonate this user."),
        new("--contexts", Value: FlagValue.Context, List: true, Description: "Check these kubeconfig contexts concurrently (comma-separated or repeated)."),
        new("--all-contexts", Description: "Check every context of the kubeconfig concurrently."),
        new("--color", Value: FlagValue.Choice, Choices: [new("auto", "Colour on a terminal only."), new("always", "Colour even in a pipe."), new("never", "No colour.")], Description: "Colour in tables: auto, always or never."),
        new("--server", "-s", FlagValue.Text, Description: "The address and port of the Kubernetes API server, instead of the context's cluster's."),
        new("--token", Value: FlagValue.Text, Description: "Bearer token for authentication to the API server."),
        new("--as-group", Value: FlagValue.Text, List: true, Description: "Group to impersonate; repeatable. Needs --as."),
        new("--as-uid", Value: FlagValue.Text, Description: "UID to impersonate. Needs --as."),
        new("--certificate-authority", Value: FlagValue.File, Description: "Path to a cert file for the certificate authority."),
        new("--client-certificate", Value: FlagValue.File, Description: "Path to a client certificate file for TLS."),
        new("--client-key", Value: FlagValue.File, Description: "Path to a client key file for TLS."),
        new("--insecure-skip-tls-verify", Description: "Do not check the server's certificate. This will make your HTTPS connections insecure."),
        new("--tls-server-name", Value: FlagValue.Text, Description: "Server name to use for server certificate validation, instead of the server's host name."),
        new("--cache-dir", Value: FlagValue.Directory, Description: "Accepted as kubectl accepts it; this tool keeps no cache."),
        new("--v", "-v", FlagValue.Text, Description: "Log level: 6 logs each request on stderr (method, URL, status, milliseconds), 7 and above its headers too (credentials masked)."),
    ];

    public static IReadOnlyList<CommandSpec> Commands { get; } =
    [
        new("check",
        [
            new("--filename", "-f", FlagValue.Manifests, List: true, Description: "Manifest file, directory, or - for stdin; repeatable or comma-separated. Without it, the cluster is read."),
            new("--output", "-o", FlagValue.Choice,
            [
                .. TableJsonYaml[..1],
                new("wide", "The table with the context, workload, certificate and mitigation."),
                new("name", "One line per finding, for grep and awk."),
                .. TableJsonYaml[1..],
                new("sarif", "SARIF 2.1.0 for code scanning."),
                new("github", "GitHub Actions annotations."),
            ], Description: "Output format: table, wide, name, json, yaml, sarif (SARIF 2.1.0 for code scanning), github (GitHub Actions annotations), jsonpath=TEMPLATE or jsonpath-file=FILE."),
            new("--fail-on", Value: FlagValue.Choice, Choices:
            [
                new("none", "Exit 0 whatever is found."),
                new("info", "Exit 1 on any finding."),
                new("warning", "Exit 1 on a warning or an error."),
                new("error", "Exit 1 on an error only."),
            ], Description: "Exit 1 when a finding reaches this severity: none, info, warning, error."),
            new("--no-headers", Description: NoHeaders),
            new("--inspect-certs", Description: "Read the certificates in the Secrets the servers reference (live: get exactly those Secrets; files: Secrets in the input): same certificate in two Secrets, covering wildcards, expiry, hosts not covered."),
            new("--expiry-warning", Value: FlagValue.Text, Description: "With --inspect-certs, report certificates that expire within this duration: 30d, 720h, ... (0: only expired ones)."),
            new("--strict", Description: "Exit 2 when anything was warned about (an object skipped, a context or Secret that could not be read, no Gateways): for CI, where a warning on stderr goes unread."),
        ], "Find gateway servers at risk of HTTP/2 connection reuse 404s"),
        new("merge",
        [
            new("--dry-run", Value: FlagValue.Choice, Choices: DryRunModes, OptionalValue: true, Description: "none, client (bare --dry-run: print the plan and send nothing) or server (send the writes with dryRun=All: the API server validates them and changes nothing)."),
            new("--filename", "-f", FlagValue.Manifests, List: true, Description: "Manifest file, directory, or - for stdin (with --dry-run); repeatable or comma-separated."),
            new("--output", "-o", FlagValue.Choice, [.. TableJsonYaml, new("manifests", "The objects to kubectl apply -f -.")], Description: "Output format: table, json, yaml, or manifests (the objects to kubectl apply -f -)."),
            new("--into", Value: FlagValue.Gateway, Description: "Merge into this Gateway (NAMESPACE/NAME) where it holds a server of a group, instead of the oldest."),
            new("--wildcard", Description: "Write *.domain when every merged host is one label under one domain and no other server on the port is covered."),
            new("--yes", Description: "Apply without asking for confirmation."),
            new("--backup-dir", Value: FlagValue.Directory, Description: "Directory for the backup of the objects before they change (default: merge-backup-UTCTIME)."),
            new("--no-headers", Description: NoHeaders),
            new("--diff", Description: "With -f: print the changes --write would make to the files, as a unified diff (git apply takes it); exit 1 when there is a change."),
            new("--write", Description: "With -f: make the plan in the files, editing them in place (comments and formatting stay); print the files changed."),
        ], "Merge the servers that share a TLS certificate into one server of one Gateway"),
        new("apply-421",
        [
            new("--filename", "-f", FlagValue.Manifests, List: true, Description: "Manifest file, directory, or - for stdin; repeatable or comma-separated."),
            new("--dry-run", Value: FlagValue.Choice, Choices: DryRunModes, OptionalValue: true, Description: "none, client (bare --dry-run: print the EnvoyFilters and send nothing) or server (send the writes with dryRun=All: the API server validates them and changes nothing)."),
            new("--output", "-o", FlagValue.Choice, TableJsonYaml[1..].Reverse().ToArray(), Description: "Output format of --dry-run: yaml or json."),
            new("--mode", Value: FlagValue.Choice, Choices:
            [
                new("strict", "421 when the request's host is not the SNI host."),
                new("precise", "421 only when another server of the port serves the host."),
            ], Description: "strict: 421 when the request's host is not the SNI host; precise: 421 only when another server of the port serves the host."),
            new("--all", Description: "Every gateway workload that terminates TLS, not only those at risk."),
            new("--selector", "-l", FlagValue.Text, Description: "One gateway workload, by its pods' labels (key=value,...); -n gives its namespace."),
            new("--target-port", Value: FlagValue.Text, List: true, Description: "Precise mode: the gateway Service's targetPort for a Gateway port (443=8443); repeatable."),
            new("--delete", Description: "Remove the filters this tool installed, and nothing else."),
            new("--yes", Description: "Make the writes without asking for confirmation."),
        ], "Install an EnvoyFilter that answers 421 Misdirected Request on gateway workloads whose servers share a certificate"),
        new("probe",
        [
            new("--address", Value: FlagValue.Text, Description: "Where the gateway listens: HOST[:PORT] (port 443 unless given). Default: the gateway Service's load balancer address; with --host, each host's own name."),
            new("--host", Value: FlagValue.Text, List: true, Description: "A host to probe; two or more, repeatable or comma-separated. No cluster is read."),
            new("--sample-host", Value: FlagValue.Text, List: true, Description: "A name to probe for a wildcard host of a server: '*.example.com=www.example.com'; repeatable."),
            new("--path", Value: FlagValue.Text, Description: "The path of every GET."),
            new("--header", Value: FlagValue.Text, List: true, Description: "A request header, 'Name: value'; repeatable."),
            new("--timeout", Value: FlagValue.Text, Description: "The longest a connection or a request may take: 10s, 1m, 500ms."),
            new("--port-forward", Description: "Connect through the API server to a Ready gateway pod, as kubectl port-forward does (needs create on pods/portforward)."),
            Output,
            new("--no-headers", Description: NoHeaders),
        ], "Prove the 404 on the running gateway, and the fix"),
        new("version", [Output], "Print the version, git commit and build date of this binary"),
        new("completion", [], "Print a shell completion script for kubectl-istio_tls", CompletionScripts.Shells),
    ];

    /// <summary>The command names, for the unknown-command check.</summary>
    public static IReadOnlyList<string> Names => [.. Commands.Select(c => c.Name)];

    /// <summary>Flags that take no value ("--dry-run"): they also take =true and =false.</summary>
    public static IReadOnlyList<string> Switches =>
        [.. GlobalFlags.Concat(Commands.SelectMany(c => c.Flags)).Where(f => !f.TakesValue).Select(f => f.Name).Distinct(StringComparer.Ordinal)];

    /// <summary>Flags that may be repeated, as "-f|--filename": their values are joined with commas.</summary>
    public static IReadOnlyList<string> ListFlags =>
        [.. GlobalFlags.Concat(Commands.SelectMany(c => c.Flags)).Where(f => f.List).Select(f => f.Short is null ? f.Name : $"{f.Short}|{f.Name}").Distinct(StringComparer.Ordinal)];
}
