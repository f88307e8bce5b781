namespace IstioTls.Printers;

/// <summary>The <c>-o</c> formats: a table for people, JSON and YAML (the same document) for
/// scripts; <c>check</c> also writes for code review (SARIF, GitHub workflow commands).</summary>
public enum OutputFormat
{
    Table,
    Json,
    Yaml,
    Sarif,
    Github,
}

public static class OutputFormats
{
    /// <summary>The formats of <c>check</c>'s report: the document formats, and those for code
    /// review, which only a report of findings has.</summary>
    public static bool TryParseReport(string? text, out OutputFormat format)
    {
        switch (text?.ToLowerInvariant())
        {
            case "sarif":
                format = OutputFormat.Sarif;
                return true;
            case "github":
                format = OutputFormat.Github;
                return true;
            default:
                return TryParse(text, out format);
        }
    }

    public static bool TryParse(string? text, out OutputFormat format)
    {
        switch (text?.ToLowerInvariant())
        {
            case null or "" or "table" or "wide":
                format = OutputFormat.Table;
                return true;
            case "json":
                format = OutputFormat.Json;
                return true;
            case "yaml" or "yml":
                format = OutputFormat.Yaml;
                return true;
            default:
                format = default;
                return false;
        }
    }
}
