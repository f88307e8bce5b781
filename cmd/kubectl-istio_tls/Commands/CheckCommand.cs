using IstioTls.Analysis;
using IstioTls.CommandLine;
using IstioTls.Printers;
using IstioTls.Sources;

namespace IstioTls.Cli.Commands;

internal sealed class CheckCommand
{
    /// <summary>Find gateway servers at risk of HTTP/2 connection reuse 404s: servers on one gateway workload and port that share a TLS certificate, and duplicate hosts.</summary>
    /// <param name="filename">-f, Manifest file, directory, or - for stdin; repeatable or comma-separated.</param>
    /// <param name="output">-o, Output format: table, json or yaml.</param>
    /// <param name="failOn">Exit 1 when a finding reaches this severity: none, info, warning, error.</param>
    /// <param name="color">Colour in the table: auto, always or never.</param>
    /// <param name="noHeaders">Do not print table headers.</param>
    [ConsoleAppFramework.Command("check")]
    public int Check(string[]? filename = null, string output = "table", string failOn = "warning", string color = "auto", bool noHeaders = false)
    {
        var format = Terminal.Format(output);
        var threshold = FailOn.Parse(failOn);
        var useColor = format == OutputFormat.Table && Terminal.UseColor(color);
        if (filename is not { Length: > 0 })
        {
            throw new UsageException("no input: give manifests with -f PATH (a file, a directory, or - for stdin)");
        }
        var snapshot = ManifestFiles.Load(filename);
        var report = Analyzer.Check(snapshot);
        Terminal.Warn(report.Warnings);
        using (var stdout = Terminal.OpenStdout())
        {
            if (format == OutputFormat.Table)
            {
                TablePrinter.Print(report, stdout, useColor, noHeaders);
            }
            else
            {
                DocumentPrinter.Print(ReportDocument.Build(report), format, stdout);
            }
        }
        return report.Fails(threshold) ? ExitCodes.Findings : ExitCodes.Ok;
    }
}
