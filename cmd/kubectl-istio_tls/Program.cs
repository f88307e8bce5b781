using ConsoleAppFramework;
using IstioTls.Cli;
using IstioTls.Cli.Commands;
using IstioTls.CommandLine;

Terminal.UsePlainStreams();
var app = ConsoleApp.Create();
app.ConfigureGlobalOptions((ref builder) => new GlobalFlags(
    builder.AddGlobalOption<string?>("--kubeconfig", "Path to the kubeconfig file (default: KUBECONFIG, then ~/.kube/config)."),
    builder.AddGlobalOption<string?>("--context", "The kubeconfig context to use (default: the current context)."),
    builder.AddGlobalOption<string?>("--cluster", "The kubeconfig cluster to use."),
    builder.AddGlobalOption<string?>("--user", "The kubeconfig user to use."),
    builder.AddGlobalOption<string?>("-n|--namespace", "check and merge: only findings that involve this namespace (every namespace is still read); apply-421: the gateway workload's namespace."),
    builder.AddGlobalOption<bool>("-A|--all-namespaces", "Report findings in every namespace (the default)."),
    builder.AddGlobalOption<string?>("--request-timeout", "How long a request may take, retries included: 30s, 1m, ... (0: no limit)."),
    builder.AddGlobalOption<string?>("--as", "Impersonate this user."),
    builder.AddGlobalOption<string?>("--contexts", "Check these kubeconfig contexts concurrently (comma-separated or repeated)."),
    builder.AddGlobalOption<bool>("--all-contexts", "Check every context of the kubeconfig concurrently."),
    builder.AddGlobalOption<string>("--color", "Colour in tables: auto, always or never.", "auto"),
    builder.AddGlobalOption<string?>("-s|--server", "The address and port of the Kubernetes API server, instead of the context's cluster's."),
    builder.AddGlobalOption<string?>("--token", "Bearer token for authentication to the API server."),
    builder.AddGlobalOption<string?>("--as-group", "Group to impersonate; repeatable. Needs --as."),
    builder.AddGlobalOption<string?>("--as-uid", "UID to impersonate. Needs --as."),
    builder.AddGlobalOption<string?>("--certificate-authority", "Path to a cert file for the certificate authority."),
    builder.AddGlobalOption<string?>("--client-certificate", "Path to a client certificate file for TLS."),
    builder.AddGlobalOption<string?>("--client-key", "Path to a client key file for TLS."),
    builder.AddGlobalOption<bool>("--insecure-skip-tls-verify", "Do not check the server's certificate. This will make your HTTPS connections insecure."),
    builder.AddGlobalOption<string?>("--tls-server-name", "Server name to use for server certificate validation, instead of the server's host name."),
    builder.AddGlobalOption<string?>("--cache-dir", "Accepted as kubectl accepts it; this tool keeps no cache."),
    builder.AddGlobalOption<int>("-v|--v", "Log level: 6 logs each request on stderr (method, URL, status, milliseconds), 7 and above its headers too (credentials masked).", 0)));
app.UseFilter<ErrorFilter>();
app.Add<CheckCommand>();
app.Add<MergeCommand>();
app.Add<Apply421Command>();
app.Add<ProbeCommand>();
app.Add<VersionCommand>();
app.Add<CompletionCommand>();
return PluginHost.Run(app, args);
