namespace IstioTls.CommandLine.Completion;

/// <summary>
/// The scripts of <c>completion bash|zsh|fish|powershell</c>, for the binary run on its own
/// (<c>kubectl-istio_tls</c>). Each asks the program with <c>__complete</c> and acts on cobra's
/// protocol, so that one answer serves these scripts and kubectl's plugin completion alike. They
/// are files of the library (Scripts/), embedded as they are.
/// </summary>
public static class CompletionScripts
{
    public static IReadOnlyList<Candidate> Shells { get; } =
    [
        new("bash", "source <(kubectl-istio_tls completion bash)"),
        new("zsh", "source <(kubectl-istio_tls completion zsh)"),
        new("fish", "kubectl-istio_tls completion fish | source"),
        new("powershell", "kubectl-istio_tls completion powershell | Out-String | Invoke-Expression"),
    ];

    private static readonly Dictionary<string, string> Files = new(StringComparer.Ordinal)
    {
        ["bash"] = "bash.sh",
        ["zsh"] = "zsh.zsh",
        ["fish"] = "fish.fish",
        ["powershell"] = "powershell.ps1",
    };

    public static string For(string shell)
    {
        if (!Files.TryGetValue(shell, out var file))
        {
            throw new UsageException($"completion: unknown shell \"{shell}\": choose bash, zsh, fish or powershell");
        }
        using var stream = typeof(CompletionScripts).Assembly.GetManifestResourceStream($"completion.{file}")
            ?? throw new InvalidOperationException($"completion script {file} is not embedded");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
