namespace IstioTls.Documents;

/// <summary>A file that is not YAML or JSON at all, or over a limit; the message names the place
/// as compilers and kubectl do: <c>file:line:column: problem</c>.</summary>
public sealed class DocumentException(string origin, int? line, string problem, int? column = null)
    : Exception(Place(origin, line, column) + ": " + problem)
{
    public string Origin { get; } = origin;

    public int? Line { get; } = line;

    public int? Column { get; } = column;

    public string Problem { get; } = problem;

    private static string Place(string origin, int? line, int? column) =>
        line is not { } l ? origin : column is { } c ? $"{origin}:{l}:{c}" : $"{origin}:{l}";
}
