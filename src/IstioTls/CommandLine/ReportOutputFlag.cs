using IstioTls.Printers;
using IstioTls.Printers.JsonPath;

namespace IstioTls.CommandLine;

/// <summary><c>check -o</c>: kubectl's <c>wide</c>, <c>name</c>, <c>jsonpath=TEMPLATE</c> and
/// <c>jsonpath-file=FILE</c> as <see cref="ReportView"/>s; null for the formats every command
/// shares (<see cref="OutputFlag"/>).</summary>
public static class ReportOutputFlag
{
    public const string Accepted = "table, wide, name, json, yaml, sarif, github, jsonpath=TEMPLATE or jsonpath-file=FILE";

    public static ReportView? View(string output)
    {
        var (kind, value) = output.IndexOf('=', StringComparison.Ordinal) is var eq and > 0 ? (output[..eq], output[(eq + 1)..]) : (output, null);
        switch (kind.ToLowerInvariant())
        {
            case "wide" when value is null:
                return new WideView();
            case "name" when value is null:
                return new NameView();
            case "jsonpath":
                return new JsonPathView(Template(value ?? "", "-o jsonpath"));
            case "jsonpath-file":
                if (string.IsNullOrEmpty(value))
                {
                    throw new UsageException("-o jsonpath-file needs a file: -o jsonpath-file=FILE");
                }
                string text;
                try
                {
                    text = File.ReadAllText(value);
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    throw new UsageException($"-o jsonpath-file: cannot read {value}: {e.Message}");
                }
                return new JsonPathView(Template(text.TrimEnd('\n'), $"-o jsonpath-file={value}"));
            default:
                return null;
        }
    }

    private static JsonPathTemplate Template(string text, string flag)
    {
        if (text.Length == 0)
        {
            throw new UsageException($"{flag} needs a template, such as '{{.findings[*].code}}'");
        }
        try
        {
            return JsonPathTemplate.Parse(text);
        }
        catch (JsonPathException e)
        {
            throw new UsageException($"{flag}: error parsing the template: {e.Message}");
        }
    }
}
