namespace IstioTls.Model;

/// <summary>A namespaced object's name, <c>namespace/name</c> as Istio writes Gateway references.</summary>
public sealed record NamespacedName(string Namespace, string Name)
{
    /// <summary>Reads <c>namespace/name</c>; null when it is not of that form.</summary>
    public static NamespacedName? TryParse(string text)
    {
        var parts = text.Split('/');
        return parts is [{ Length: > 0 } ns, { Length: > 0 } name] ? new NamespacedName(ns, name) : null;
    }

    public override string ToString() => $"{Namespace}/{Name}";
}
