namespace IstioTls.Documents;

/// <summary>A file that is not YAML or JSON at all; the message names the place.</summary>
public sealed class DocumentException(string origin, int? line, string problem)
    : Exception(line is { } l ? $"{origin}:{l}: {problem}" : $"{origin}: {problem}")
{
    public string Origin { get; } = origin;

    public int? Line { get; } = line;

    public string Problem { get; } = problem;
}
