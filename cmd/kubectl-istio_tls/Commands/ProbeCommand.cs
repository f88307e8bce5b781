using ConsoleAppFramework;
using IstioTls.Application;
using IstioTls.CommandLine;
using IstioTls.Printers;

namespace IstioTls.Cli.Commands;

internal sealed class ProbeCommand
{
    /// <summary>Prove the 404 on the running gateway, and the fix: for every two hosts that may share a connection, open a TLS connection with SNI A over HTTP/2, send a GET for A and then for B on it, and compare B's answer with its answer on a connection of its own. The hosts come from check's findings in the cluster (one per server), or from --host.</summary>
    /// <param name="address">Where the gateway listens: HOST[:PORT] (port 443 unless given). Default: the gateway Service's load balancer address; with --host, each host's own name.</param>
    /// <param name="host">A host to probe; two or more, repeatable or comma-separated. No cluster is read.</param>
    /// <param name="sampleHost">A name to probe for a wildcard host of a server: '*.example.com=www.example.com'; repeatable.</param>
    /// <param name="path">The path of every GET.</param>
    /// <param name="header">A request header, 'Name: value'; repeatable.</param>
    /// <param name="timeout">The longest a connection or a request may take: 10s, 1m, 500ms.</param>
    /// <param name="portForward">Connect through the API server to a Ready gateway pod, as kubectl port-forward does (needs create on pods/portforward).</param>
    /// <param name="output">-o, Output format: table, json or yaml.</param>
    /// <param name="noHeaders">Do not print table headers.</param>
    [Command("probe")]
    public async Task<int> Probe(ConsoleAppContext context, string? address = null, string[]? host = null, string[]? sampleHost = null, string path = "/", string? header = null, string timeout = "10s", bool portForward = false, string output = "table", bool noHeaders = false, CancellationToken cancellationToken = default)
    {
        var flags = (GlobalFlags)context.GlobalOptions!;
        var request = ProbeArguments.Parse(flags, address, host, sampleHost, path, header, timeout, portForward, output, noHeaders);
        var useColor = request.Format == OutputFormat.Table && Terminal.UseColor(flags.ColorMode);

        var report = await ProbeRun.RunAsync(request.Targets, request.Options, cancellationToken);
        Terminal.Warn(report.Warnings);
        Terminal.Errors(report.Errors);
        using (var stdout = Terminal.OpenStdout())
        {
            if (request.Format == OutputFormat.Table)
            {
                ProbeTable.Print(report, stdout, useColor, request.NoHeaders);
            }
            else
            {
                DocumentPrinter.Print(ProbeDocument.Build(report), request.Format, stdout);
            }
        }
        return ProbeRun.ExitCode(report);
    }
}
