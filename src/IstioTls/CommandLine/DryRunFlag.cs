namespace IstioTls.CommandLine;

/// <summary>kubectl's <c>--dry-run</c> strategies.</summary>
public enum DryRunMode
{
    /// <summary>Make the writes.</summary>
    None,

    /// <summary>Print what would be written; send nothing (bare <c>--dry-run</c>).</summary>
    Client,

    /// <summary>Send the writes with <c>dryRun=All</c>: the API server validates them, answers
    /// as if it had made them, and changes nothing.</summary>
    Server,
}

public static class DryRunFlag
{
    /// <summary>The value bare <c>--dry-run</c> stands for, as in kubectl.</summary>
    public const string Bare = "client";

    public static DryRunMode Parse(string? text) => text?.ToLowerInvariant() switch
    {
        null or "" or "none" or "false" => DryRunMode.None,
        "client" or "true" => DryRunMode.Client,
        "server" => DryRunMode.Server,
        _ => throw new UsageException($"--dry-run must be none, client or server, not \"{text}\""),
    };
}
