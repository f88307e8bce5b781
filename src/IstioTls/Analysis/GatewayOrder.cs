using IstioTls.Model;

namespace IstioTls.Analysis;

/// <summary>
/// The order in which istiod merges Gateways (pilot/pkg/model sortConfigByCreationTime):
/// oldest first, ties by name, then by namespace. The first Gateway wins a duplicate host and
/// is the one to merge into: merging into a Gateway istiod takes later leaves the merged hosts
/// unserved until the earlier Gateway loses its server. A missing creationTimestamp (manifests
/// in Git, file-based config) is Go's zero time to istiod, so it sorts first. creationTimestamp has one-second precision, so Gateways applied
/// together often tie: ordering ties by namespace first would pick, across namespaces, a
/// Gateway that istiod does not take first.
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
            (null, _) => -1,
            (_, null) => 1,
            ({ } a, { } b) => a.CompareTo(b),
        };
        if (byTime != 0)
        {
            return byTime;
        }
        var byName = string.CompareOrdinal(x.Meta.Name, y.Meta.Name);
        return byName != 0 ? byName : string.CompareOrdinal(x.Meta.Namespace, y.Meta.Namespace);
    }

    public int Compare(Server? x, Server? y)
    {
        if (x is null || y is null)
        {
            return x is null ? (y is null ? 0 : 1) : -1;
        }
        var byGateway = Compare(x.Gateway, y.Gateway);
        // Within a Gateway, the position in spec.servers; Gateway API listeners by name.
        return byGateway != 0 ? byGateway : x.MergeRank.CompareTo(y.MergeRank);
    }
}
