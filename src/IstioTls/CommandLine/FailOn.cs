using IstioTls.Analysis;

namespace IstioTls.CommandLine;

/// <summary><c>--fail-on none|info|warning|error</c>: the lowest severity that makes the exit code 1.</summary>
public static class FailOn
{
    public static Severity? Parse(string text) => text.ToLowerInvariant() switch
    {
        "none" => null,
        "info" => Severity.Info,
        "warning" => Severity.Warning,
        "error" => Severity.Error,
        _ => throw new UsageException($"--fail-on must be none, info, warning or error, not \"{text}\""),
    };
}
