namespace IstioTls.CommandLine.Completion;

/// <summary>One completion: the word to insert and, as cobra's <c>__complete</c> prints it after a
/// tab, what it means (zsh, fish and PowerShell show it beside the word; bash when it lists).</summary>
public sealed record Candidate(string Value, string? Description = null)
{
    /// <summary>The line of the protocol: <c>value</c> or <c>value\tdescription</c>, on one line
    /// whatever the description holds.</summary>
    public string Line => string.IsNullOrWhiteSpace(Description)
        ? Value
        : $"{Value}\t{string.Join(' ', Description.Split(['\t', '\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))}";

    public Candidate WithPrefix(string prefix) => prefix.Length == 0 ? this : this with { Value = prefix + Value };
}
