namespace IstioTls.Model;

/// <summary>Where an object came from: a file and line, standard input, or a kubeconfig context.</summary>
public sealed record SourceLocation(string Origin, int? Line = null)
{
    public override string ToString() => Line is { } line ? $"{Origin}:{line}" : Origin;
}
