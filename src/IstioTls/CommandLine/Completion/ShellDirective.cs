namespace IstioTls.CommandLine.Completion;

/// <summary>cobra's <c>ShellCompDirective</c>: the last line of <c>__complete</c>'s answer
/// (<c>:4</c>) tells the shell script what to do besides offering the candidates. The values are
/// cobra's, because kubectl passes a plugin's directive on to its own cobra scripts.</summary>
[Flags]
public enum ShellDirective
{
    /// <summary>Offer the candidates; with none, let the shell complete file names.</summary>
    Default = 0,

    /// <summary>Something failed: offer nothing.</summary>
    Error = 1,

    /// <summary>No space after the completed word.</summary>
    NoSpace = 2,

    /// <summary>Never fall back to file names.</summary>
    NoFileComp = 4,

    /// <summary>The candidates are file extensions: complete file names that have them.</summary>
    FilterFileExt = 8,

    /// <summary>Complete directory names only.</summary>
    FilterDirs = 16,
}
