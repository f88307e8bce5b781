using IstioTls.Model;

namespace IstioTls.Analysis;

/// <summary>
/// istiod merges Gateways oldest first; the oldest Gateway wins a duplicate host and is the one
/// to merge into. A missing creationTimestamp (manifests in Git) counts as newest; ties go by
/// namespace/name so that the choice never depends on input order.
/// </summary>
public sealed class GatewayOrder : IComparer<Gateway>, IComparer<Server>
{
    public static readonly GatewayOrder Instance = new();

    public int Compare(Gateway? x, Gateway? y)
    {
        if (ReferenceEquals(x, y))
        {
            return 0;
        }
        if (x is null || y is null)
        {
            return x is null ? 1 : -1;
        }
        var byTime = (x.Meta.CreationTimestamp, y.Meta.CreationTimestamp) switch
        {
            (null, null) => 0,
            (null, _) => 1,
            (_, null) => -1,
            ({ } a, { } b) => a.CompareTo(b),
        };
        if (byTime != 0)
        {
            return byTime;
        }
        var byNamespace = string.CompareOrdinal(x.Meta.Namespace, y.Meta.Namespace);
        return byNamespace != 0 ? byNamespace : string.CompareOrdinal(x.Meta.Name, y.Meta.Name);
    }

    public int Compare(Server? x, Server? y)
    {
        if (x is null || y is null)
        {
            return x is null ? (y is null ? 0 : 1) : -1;
        }
        var byGateway = Compare(x.Gateway, y.Gateway);
        return byGateway != 0 ? byGateway : x.Index.CompareTo(y.Index);
    }
}
