using System.Globalization;
using IstioTls.Analysis;

namespace IstioTls.Printers;

/// <summary>
/// One line per finding, for grep and awk: <c>-o wide</c>, a table with a column for each fact
/// (kubectl's <c>&lt;none&gt;</c> where there is none), and <c>-o name</c>, one name per finding
/// (<c>code/workload/port</c>, the certificate too when the finding is about one).
/// </summary>
public static class FindingRows
{
    private const string None = "<none>";

    public static void PrintWide(CheckReport report, TextWriter output, bool noHeaders)
    {
        var table = new TextTable("SEVERITY", "CODE", "CONTEXT", "WORKLOAD", "PORT", "CERTIFICATE", "SERVERS", "HOSTS", "MITIGATION");
        foreach (var finding in report.Findings)
        {
            table.Add(
                finding.Severity.ToName(),
                finding.Code,
                finding.Context is null ? None : string.Join(",", [finding.Context, .. finding.SameAs]),
                Workload(finding),
                Port(finding) ?? None,
                Certificate(finding) ?? None,
                finding.Servers.Count == 0 ? None : string.Join(",", finding.Servers.Select(s => $"{s.Gateway.Key}:{s.Index.ToString(CultureInfo.InvariantCulture)}")),
                finding.Detail.Hosts.Count == 0 ? None : string.Join(",", finding.Detail.Hosts),
                finding.MitigatedBy ?? None);
        }
        foreach (var line in table.Lines(!noHeaders))
        {
            output.WriteLine(line);
        }
    }

    public static void PrintNames(CheckReport report, TextWriter output)
    {
        foreach (var finding in report.Findings)
        {
            output.WriteLine(Name(finding));
        }
    }

    public static string Name(Finding finding)
    {
        var parts = new List<string> { finding.Code };
        if (finding.Context is not null)
        {
            parts.Add(finding.Context);
        }
        if (finding.Detail is MisdirectedFilterDetail about)
        {
            parts.Add(about.Filter.Key);
        }
        parts.Add(Workload(finding));
        if (Port(finding) is { } port)
        {
            parts.Add(port);
        }
        if (Certificate(finding) is { } certificate)
        {
            parts.Add(certificate);
        }
        return string.Join('/', parts);
    }

    private static string Workload(Finding finding) =>
        finding.Workloads.Count > 0 ? string.Join(",", finding.Workloads)
        : finding.Selector.IsEmpty ? "selector:{}" : $"selector:{finding.Selector}";

    private static string? Port(Finding finding) =>
        finding.Binding is not { } binding ? null
        : binding.Bind is null ? binding.Port.ToString(CultureInfo.InvariantCulture)
        : $"{binding.Bind}:{binding.Port.ToString(CultureInfo.InvariantCulture)}";

    // One word in a column: several certificates are joined without the space.
    private static string? Certificate(Finding finding) => (finding.Detail as CertificateDetail)?.Certificate.Replace(", ", ",", StringComparison.Ordinal);
}
