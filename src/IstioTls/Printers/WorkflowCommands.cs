using System.Text;
using IstioTls.Analysis;

namespace IstioTls.Printers;

/// <summary>
/// <c>check -o github</c>: GitHub Actions workflow commands, one annotation per server of each
/// finding (<c>::error file=F,line=L,title=CODE::message</c>), for pull requests without code
/// scanning. Escaped as the Actions toolkit escapes them (actions/toolkit, core's command.ts):
/// <c>%</c>, CR and LF everywhere, and <c>:</c> and <c>,</c> in properties.
/// </summary>
public static class WorkflowCommands
{
    public static void Print(CheckReport report, string workingDirectory, TextWriter output)
    {
        foreach (var finding in report.Findings)
        {
            var message = SarifLog.Message(finding);
            foreach (var place in FindingPlace.Of(finding, workingDirectory))
            {
                var properties = new List<string>();
                if (place.File is not null)
                {
                    properties.Add("file=" + EscapeProperty(place.File));
                    if (place.Line is { } line)
                    {
                        properties.Add($"line={line}");
                    }
                }
                var title = finding.Context is null ? $"{finding.Code} - {place.Describe}" : $"{finding.Code} - {place.Describe} (context {finding.Context})";
                properties.Add("title=" + EscapeProperty(title));
                output.Write($"::{Command(finding.Severity)} {string.Join(',', properties)}::{EscapeData(message)}\n");
            }
        }
    }

    private static string Command(Severity severity) => severity switch
    {
        Severity.Error => "error",
        Severity.Warning => "warning",
        _ => "notice",
    };

    internal static string EscapeData(string text) => Escape(text, property: false);

    internal static string EscapeProperty(string text) => Escape(text, property: true);

    private static string Escape(string text, bool property)
    {
        var escaped = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            escaped.Append(c switch
            {
                '%' => "%25",
                '\r' => "%0D",
                '\n' => "%0A",
                ':' when property => "%3A",
                ',' when property => "%2C",
                _ => c.ToString(),
            });
        }
        return escaped.ToString();
    }
}
