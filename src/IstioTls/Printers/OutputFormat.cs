namespace IstioTls.Printers;

/// <summary>The <c>-o</c> formats: a table for people, JSON and YAML (the same document) for scripts.</summary>
public enum OutputFormat
{
    Table,
    Json,
    Yaml,
}

public static class OutputFormats
{
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
