namespace IstioTls.Model;

/// <summary>
/// Where a VirtualService names Gateways: <c>spec.gateways</c>, and <c>match[].gateways</c> of
/// every <c>http</c>, <c>tls</c> and <c>tcp</c> route. Written once, over any tree, so that the
/// decoder that reads the names and the merge that rewrites them walk the same places.
/// </summary>
public static class GatewayReferencePlaces
{
    private static readonly string[] RouteSections = ["http", "tls", "tcp"];

    /// <summary>Each gateway list under <paramref name="spec"/> with its section ("spec" for
    /// <c>spec.gateways</c>), in document order; <paramref name="field"/> reads a key of a map,
    /// <paramref name="items"/> the entries of a list.</summary>
    public static IEnumerable<(string Section, T List)> Lists<T>(T spec, Func<T, string, T> field, Func<T, IEnumerable<T>> items)
    {
        yield return ("spec", field(spec, "gateways"));
        foreach (var section in RouteSections)
        {
            foreach (var route in items(field(spec, section)))
            {
                foreach (var match in items(field(route, "match")))
                {
                    yield return (section, field(match, "gateways"));
                }
            }
        }
    }
}
