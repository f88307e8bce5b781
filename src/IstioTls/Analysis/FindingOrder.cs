namespace IstioTls.Analysis;

/// <summary>The order of a report: worst first, then by context, code, port, EnvoyFilter and the
/// oldest server, so that the same input always prints the same way.</summary>
internal sealed class FindingOrder : IComparer<Finding>
{
    public static readonly FindingOrder Instance = new();

    public int Compare(Finding? x, Finding? y)
    {
        if (x is null || y is null)
        {
            return x is null ? (y is null ? 0 : 1) : -1;
        }
        var c = y.Severity.CompareTo(x.Severity);
        if (c == 0) c = string.CompareOrdinal(x.Context, y.Context);
        if (c == 0) c = string.CompareOrdinal(x.Code, y.Code);
        if (c == 0) c = (x.Binding?.Port ?? 0).CompareTo(y.Binding?.Port ?? 0);
        if (c == 0) c = string.CompareOrdinal(FilterKey(x), FilterKey(y));
        if (c == 0 && x.Servers.Count > 0 && y.Servers.Count > 0) c = GatewayOrder.Instance.Compare(x.Servers[0], y.Servers[0]);
        if (c == 0) c = string.CompareOrdinal(x.Identity, y.Identity);
        return c;
    }

    private static string? FilterKey(Finding finding) => finding.Detail is MisdirectedFilterDetail filter ? filter.Filter.Key : null;
}
