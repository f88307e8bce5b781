using System.Globalization;
using IstioTls.Probing;
using Spectre.Console;

namespace IstioTls.Printers;

/// <summary>
/// The human form of <c>probe</c>: per group, where it connected and one row per ordered pair
/// (the SNI of the connection, the <c>:authority</c> sent on it, its status, the status of the same
/// request on a connection of its own, how the request travelled, the verdict), the causes below;
/// then the servers skipped and one summary line. Colour marks verdicts only.
/// </summary>
public static class ProbeTable
{
    public static void Print(ProbeReport report, TextWriter output, bool color, bool noHeaders = false)
    {
        var ansi = Ansi.Writer(output, color);
        foreach (var group in report.Groups)
        {
            var pairs = report.Pairs.Where(p => p.Group == group).ToList();
            ansi.WriteLine($"{group.Name}  address {ProbeWords.Address(group)}", new Style(decoration: Decoration.Bold), null!);
            var table = new TextTable("SNI", "AUTHORITY", "STATUS", "BASELINE", "CONNECTION", "VERDICT");
            foreach (var pair in pairs)
            {
                table.Add(pair.Sni, pair.Authority, Status(pair.Status), Status(pair.BaselineStatus), ProbeWords.Connection(pair.Connection), pair.Verdict.ToName());
            }
            var lines = table.Lines(!noHeaders).ToList();
            var first = noHeaders ? 0 : 1;
            for (var i = 0; i < lines.Count; i++)
            {
                if (i < first)
                {
                    ansi.WriteLine("  " + lines[i]);
                    continue;
                }
                var pair = pairs[i - first];
                var verdict = pair.Verdict.ToName();
                ansi.Write("  " + lines[i][..^verdict.Length]);
                ansi.WriteLine(verdict, VerdictStyle(pair.Verdict), null!);
            }
            foreach (var pair in pairs.Where(p => p.Cause is not null))
            {
                ansi.WriteLine($"  {pair.Sni} -> {pair.Authority}: {pair.Cause}");
            }
            ansi.WriteLine();
        }
        foreach (var skipped in report.Skipped)
        {
            ansi.WriteLine($"skipped: {skipped.Server} ({skipped.Group}): {skipped.Reason}", new Style(Color.Yellow), null!);
        }
        if (report.Skipped.Count > 0)
        {
            ansi.WriteLine();
        }
        ansi.WriteLine(Summary(report), report.AnyMisrouted ? new Style(Color.Red, decoration: Decoration.Bold) : Style.Plain, null!);
    }

    private static string Status(int? status) => status?.ToString(CultureInfo.InvariantCulture) ?? "-";

    private static string Summary(ProbeReport report)
    {
        if (report.Pairs.Count == 0)
        {
            return report.Errors.Count > 0 ? "Nothing probed: see the errors."
                : report.Skipped.Count > 0 ? "Nothing probed: every server group was skipped (see above)."
                : "Nothing to probe: no finding names two servers that could share a connection.";
        }
        var counts = Enum.GetValues<ProbeVerdict>()
            .Select(v => (Verdict: v, Count: report.Pairs.Count(p => p.Verdict == v)))
            .Where(c => c.Count > 0)
            .Select(c => $"{c.Count} {c.Verdict.ToName()}");
        var line = $"{report.Pairs.Count} pair{(report.Pairs.Count == 1 ? "" : "s")} probed: {string.Join(", ", counts)}.";
        return report.AnyMisrouted
            ? line + " A misrouted host gets the 404 browsers get: merge the servers (kubectl istio-tls merge) or answer 421 (kubectl istio-tls apply-421)."
            : line;
    }

    private static Style VerdictStyle(ProbeVerdict verdict) => verdict switch
    {
        ProbeVerdict.Misrouted => new Style(Color.Red, decoration: Decoration.Bold),
        ProbeVerdict.Unreachable => new Style(Color.Yellow, decoration: Decoration.Bold),
        ProbeVerdict.Misdirected or ProbeVerdict.Served => new Style(Color.Green),
        _ => Style.Plain,
    };
}
