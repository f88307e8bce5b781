namespace IstioTls.Analysis;

/// <summary>How bad a finding is; ordered so that a threshold compares with &gt;=.</summary>
public enum Severity
{
    Info = 1,
    Warning = 2,
    Error = 3,
}

public static class Severities
{
    public static string ToName(this Severity severity) => severity switch
    {
        Severity.Info => "info",
        Severity.Warning => "warning",
        Severity.Error => "error",
        _ => throw new ArgumentOutOfRangeException(nameof(severity)),
    };
}
