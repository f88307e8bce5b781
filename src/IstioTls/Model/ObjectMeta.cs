namespace IstioTls.Model;

/// <summary>The parts of Kubernetes object metadata the analysis and the plans read.</summary>
public sealed record ObjectMeta(
    string Name,
    string Namespace,
    DateTimeOffset? CreationTimestamp,
    string? ResourceVersion,
    LabelSet Labels,
    IReadOnlyDictionary<string, string> Annotations)
{
    /// <summary><c>namespace/name</c>, the form Istio uses to reference a Gateway.</summary>
    public string Key => $"{Namespace}/{Name}";
}
