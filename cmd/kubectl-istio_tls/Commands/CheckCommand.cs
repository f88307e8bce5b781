using ConsoleAppFramework;
using IstioTls.Application;
using IstioTls.CommandLine;
using IstioTls.Printers;

namespace IstioTls.Cli.Commands;

internal sealed class CheckCommand
{
    /// <summary>Find gateway servers at risk of HTTP/2 connection reuse 404s: servers on one gateway workload and port that share a TLS certificate, and duplicate hosts, in Istio Gateways and Istio's Kubernetes Gateway API Gateways. Reads the current kubeconfig context, or manifests with -f.</summary>
    /// <param name="filename">-f, Manifest file, directory, or - for stdin; repeatable or comma-separated. Without it, the cluster is read.</param>
    /// <param name="output">-o, Output format: table, wide, name, json, yaml, sarif (SARIF 2.1.0 for code scanning), github (GitHub Actions annotations), jsonpath=TEMPLATE or jsonpath-file=FILE.</param>
    /// <param name="failOn">Exit 1 when a finding reaches this severity: none, info, warning, error.</param>
    /// <param name="noHeaders">Do not print table headers.</param>
    /// <param name="inspectCerts">Read the certificates in the Secrets the servers reference (live: get exactly those Secrets; files: Secrets in the input): same certificate in two Secrets, covering wildcards, expiry, hosts not covered.</param>
    /// <param name="expiryWarning">With --inspect-certs, report certificates that expire within this duration: 30d, 720h, ... (0: only expired ones).</param>
    /// <param name="strict">Exit 2 when anything was warned about (an object skipped, a context or Secret that could not be read, no Gateways): for CI, where a warning on stderr goes unread.</param>
    [Command("check")]
    public async Task<int> Check(ConsoleAppContext context, string[]? filename = null, string output = "table", string failOn = "warning", bool noHeaders = false, bool inspectCerts = false, string expiryWarning = "30d", bool strict = false, CancellationToken cancellationToken = default)
    {
        var flags = (GlobalFlags)context.GlobalOptions!;
        var request = CheckArguments.Parse(flags, filename, output, failOn, noHeaders, inspectCerts, expiryWarning, strict);
        var useColor = request.Format == OutputFormat.Table && request.View is null && Terminal.UseColor(flags.ColorMode);

        var reads = await InputLoader.LoadAsync(request.Input, cancellationToken, request.InspectCertificates);
        var report = CheckRun.Check(reads, request.Options);
        Terminal.Warn(report.Warnings);
        Terminal.Errors(report.Errors);
        if (CheckRun.NothingRead(reads))
        {
            return ExitCodes.Error;
        }
        using (var stdout = Terminal.OpenStdout())
        {
            if (request.View is { } view)
            {
                view.Print(report, stdout, request.NoHeaders);
                return CheckRun.ExitCode(report, request.FailOn, request.Strict);
            }
            switch (request.Format)
            {
                case OutputFormat.Table:
                    TablePrinter.Print(report, stdout, useColor, request.NoHeaders);
                    break;
                case OutputFormat.Sarif:
                    DocumentPrinter.WriteJson(SarifLog.Build(report, BuildInfo.Version, Environment.CurrentDirectory), stdout);
                    break;
                case OutputFormat.Github:
                    WorkflowCommands.Print(report, Environment.CurrentDirectory, stdout);
                    break;
                default:
                    DocumentPrinter.Print(ReportDocument.Build(report), request.Format, stdout);
                    break;
            }
        }
        return CheckRun.ExitCode(report, request.FailOn, request.Strict);
    }
}
