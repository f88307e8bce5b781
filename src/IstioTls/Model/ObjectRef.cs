namespace IstioTls.Model;

/// <summary>Names one Kubernetes object: what a write or a delete targets.</summary>
public sealed record ObjectRef(string ApiVersion, string Kind, string Namespace, string Name)
{
    public override string ToString() => $"{Kind} {Namespace}/{Name}";
}
