using IstioTls.Printers;

namespace IstioTls.CommandLine;

/// <summary><c>-o/--output</c>, with the one-line refusal every command gives.</summary>
public static class OutputFlag
{
    public static OutputFormat Parse(string output, string accepted = "table, json or yaml") =>
        OutputFormats.TryParse(output, out var format)
            ? format
            : throw new UsageException($"--output must be {accepted}, not \"{output}\"");

    /// <summary><c>check</c>'s <c>-o</c>, which also takes the formats for code review.</summary>
    public static OutputFormat ParseReport(string output) =>
        OutputFormats.TryParseReport(output, out var format)
            ? format
            : throw new UsageException($"--output must be {ReportOutputFlag.Accepted}, not \"{output}\"");
}
