namespace IstioTls.Model;

/// <summary>
/// Pods of one gateway workload with the labels Gateway selectors match against: a Pod from the
/// cluster or the input, or a Deployment's pod template offline. Pods of one Deployment share a
/// workload name, so replicas collapse into one workload.
/// </summary>
public sealed record WorkloadInstance(string Namespace, string WorkloadName, string Kind, string Name, LabelSet Labels)
{
    /// <summary>The named container ports of the pod (<c>spec.containers[].ports[]</c>): a
    /// Service's named <c>targetPort</c> resolves through them.</summary>
    public IReadOnlyDictionary<string, int> NamedPorts { get; init; } = EmptyPorts;

    private static readonly IReadOnlyDictionary<string, int> EmptyPorts = new Dictionary<string, int>();

    public string WorkloadKey => $"{Namespace}/{WorkloadName}";
}
