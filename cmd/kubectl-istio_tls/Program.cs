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
    builder.AddGlobalOption<string>("--color", "Colour in tables: auto, always or never.", "auto")));
app.UseFilter<ErrorFilter>();
app.Add<CheckCommand>();
app.Add<MergeCommand>();
app.Add<Apply421Command>();
app.Add<ProbeCommand>();
app.Add<VersionCommand>();
return PluginHost.Run(app, args);
