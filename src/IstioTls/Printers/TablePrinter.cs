using IstioTls.Analysis;
using IstioTls.Model;
using Spectre.Console;

namespace IstioTls.Printers;

/// <summary>
/// The human form of <c>check</c>: one block per finding (what, where, which servers, how to fix
/// it), then one summary line. Colour marks severities only; with colour off the text is
/// identical, so golden files hold for both.
/// </summary>
public static class TablePrinter
{
    public static void Print(CheckReport report, TextWriter output, bool color, bool noHeaders = false)
    {
        var ansi = Ansi.Writer(output, color);
        foreach (var finding in report.Findings)
        {
            PrintFinding(ansi, finding, noHeaders);
            ansi.WriteLine();
        }
        PrintSummary(ansi, report);
    }

    private static void PrintFinding(AnsiWriter ansi, Finding finding, bool noHeaders)
    {
        var severity = finding.MitigatedBy is null ? finding.Severity.ToName().ToUpperInvariant() : "MITIGATED";
        ansi.Write(severity, SeverityStyle(finding.Severity), null!);
        ansi.WriteLine("  " + string.Join("  ", Where(finding)), new Style(decoration: Decoration.Bold), null!);
        ansi.WriteLine("  " + finding.Message);
        switch (finding.Detail)
        {
            case CertificateDetail { Fingerprints.Count: > 0 } certificate:
                ansi.WriteLine("  fingerprint: " + string.Join(", ", certificate.Fingerprints));
                break;
            case MisdirectedFilterDetail about:
                foreach (var detail in about.Details)
                {
                    ansi.WriteLine("    - " + detail);
                }
                break;
        }
        if (finding.Servers.Count > 0)
        {
            PrintServers(ansi, finding.Servers, noHeaders);
        }
        if (finding.Fix is { } fix)
        {
            ansi.WriteLine("  fix: " + fix.Text);
        }
    }

    /// <summary>The heading: the code, then where (context, EnvoyFilter, workload or selector,
    /// port) and which certificate.</summary>
    private static List<string> Where(Finding finding)
    {
        var where = new List<string> { finding.Code };
        if (finding.Context is not null)
        {
            where.Add(finding.SameAs.Count == 0 ? $"context {finding.Context}" : $"context {finding.Context} (same as {string.Join(", ", finding.SameAs)})");
        }
        if (finding.Detail is MisdirectedFilterDetail about)
        {
            where.Add($"envoyfilter {about.Filter.Key}");
        }
        where.Add(finding.Workloads.Count > 0 ? $"workload {string.Join(", ", finding.Workloads)}" : $"selector {Describe(finding.Selector)}");
        if (finding.Binding is { } binding)
        {
            where.Add(binding.Bind is null ? $"port {binding.Port}" : $"bind {binding.Bind} port {binding.Port}");
        }
        if (finding.Detail is CertificateDetail certificate)
        {
            where.Add($"certificate {certificate.Certificate}");
        }
        return where;
    }

    private static void PrintServers(AnsiWriter ansi, IReadOnlyList<Server> servers, bool noHeaders)
    {
        var table = new TextTable("GATEWAY", "SERVER", "PORT NAME", "TLS", "HOSTS");
        foreach (var server in servers)
        {
            table.Add(
                server.Gateway.ObjectKind == Gateway.ListenerSetKind ? $"{server.Gateway.Key} (ListenerSet)"
                    : server.Gateway.FromGatewayApi ? $"{server.Gateway.Key} (Gateway API)" : server.Gateway.Key,
                server.Index.ToString(System.Globalization.CultureInfo.InvariantCulture),
                server.Port.Name.Length == 0 ? "-" : server.Port.Name,
                server.TlsMode?.ToIstioName() ?? "-",
                string.Join(",", server.Hosts.Select(h => h.ToString())));
        }
        foreach (var line in table.Lines(!noHeaders))
        {
            ansi.WriteLine("    " + line);
        }
    }

    private static void PrintSummary(AnsiWriter ansi, CheckReport report)
    {
        var counts = new List<string>();
        foreach (var severity in (Severity[])[Severity.Error, Severity.Warning, Severity.Info])
        {
            var n = report.Count(severity);
            if (n > 0)
            {
                counts.Add($"{n} {severity.ToName()}{(n == 1 ? "" : "s")}");
            }
        }
        var found = report.Findings.Count == 0
            ? "No findings"
            : $"{report.Findings.Count} finding{(report.Findings.Count == 1 ? "" : "s")} ({string.Join(", ", counts)})";
        var line = $"{found}; {report.Suppressed.Count} suppressed; checked {Plural(report.Checked.Gateways, "Gateway")} with {Plural(report.Checked.Servers, "server")}";
        if (report.Contexts.Count > 0)
        {
            line += $" in {Plural(report.Contexts.Count, "context")}";
        }
        foreach (var same in report.SameAs)
        {
            line += $" ({string.Join(" and ", same)} name one server, user and namespace: read once)";
        }
        if (report.Checked.Skipped > 0)
        {
            line += $"; skipped {Plural(report.Checked.Skipped, "invalid object")} (see the warnings)";
        }
        line += ".";
        if (report.FailedContexts.Count > 0)
        {
            line += $" Not checked: {Plural(report.FailedContexts.Count, "context")} could not be read ({string.Join(", ", report.FailedContexts)}).";
        }
        ansi.WriteLine(line, report.Findings.Count == 0 ? new Style(Color.Green) : Style.Plain, null!);
        if (report.Partial)
        {
            ansi.WriteLine("The report is partial: some objects could not be listed (see the warnings above).", new Style(Color.Yellow), null!);
        }
    }

    private static string Plural(int n, string noun) => $"{n} {noun}{(n == 1 ? "" : "s")}";

    private static string Describe(LabelSet selector) => selector.IsEmpty ? "{} (all gateway pods)" : selector.ToString();

    private static Style SeverityStyle(Severity severity) => severity switch
    {
        Severity.Error => new Style(Color.Red, decoration: Decoration.Bold),
        Severity.Warning => new Style(Color.Yellow, decoration: Decoration.Bold),
        _ => new Style(Color.Blue, decoration: Decoration.Bold),
    };
}
