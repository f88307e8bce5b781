namespace IstioTls.CommandLine.Completion;

/// <summary>Candidates and the cobra shell directive that kubectl passes on to the shell:
/// <c>:4</c> (<see cref="NoFiles"/>) keeps the shell from offering file names, <c>:0</c>
/// (<see cref="Files"/>) lets it complete them.</summary>
public sealed record CompletionResult(IReadOnlyList<string> Candidates, int Directive)
{
    public const int Files = 0;

    public const int NoFiles = 4;

    public static CompletionResult FileNames { get; } = new([], Files);

    public static CompletionResult Nothing { get; } = new([], NoFiles);

    /// <summary>The protocol of <c>kubectl_complete-*</c> programs: one candidate a line, then
    /// <c>:directive</c>.</summary>
    public void WriteTo(TextWriter output)
    {
        foreach (var candidate in Candidates)
        {
            output.Write(candidate);
            output.Write('\n');
        }
        output.Write($":{Directive}\n");
    }
}
