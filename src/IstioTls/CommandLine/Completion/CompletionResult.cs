namespace IstioTls.CommandLine.Completion;

/// <summary>Candidates and the cobra shell directive that the completion scripts (and kubectl,
/// for <c>kubectl_complete-istio_tls</c>) act on.</summary>
public sealed record CompletionResult(IReadOnlyList<Candidate> Candidates, ShellDirective Directive)
{
    /// <summary>Manifests as kubectl's <c>-f</c> completes them: these extensions, and directories.</summary>
    public static CompletionResult ManifestFiles { get; } = new([new("yaml"), new("yml"), new("json")], ShellDirective.FilterFileExt);

    public static CompletionResult FileNames { get; } = new([], ShellDirective.Default);

    public static CompletionResult Directories { get; } = new([], ShellDirective.FilterDirs);

    public static CompletionResult Nothing { get; } = new([], ShellDirective.NoFileComp);

    /// <summary>cobra's protocol: one candidate a line (<c>value\tdescription</c>), then
    /// <c>:directive</c>.</summary>
    public void WriteTo(TextWriter output)
    {
        foreach (var candidate in Candidates)
        {
            output.Write(candidate.Line);
            output.Write('\n');
        }
        output.Write($":{(int)Directive}\n");
    }
}
