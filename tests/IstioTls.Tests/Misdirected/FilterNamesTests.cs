using IstioTls.Model;
using IstioTls.Plans.Misdirected;

namespace IstioTls.Tests.Misdirected;

/// <summary>
/// A 421 filter's name, exactly: a re-run, <c>--delete</c> and <c>check</c> find the filter by
/// it, so a name must not change between versions. Each row is at an edge of the rules in
/// <see cref="FilterNames"/> (the whole run of Stryker left these edges untested).
/// </summary>
public class FilterNamesTests
{
    private const string GatewayName = "gateway.networking.k8s.io/gateway-name";

    [Theory]
    // 63 characters with the prefix: the longest name kept readable.
    [InlineData("store-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx", "istio-tls-421-store-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx")]
    // One more: cut to fit the hash, still 63.
    [InlineData("store-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxy", "istio-tls-421-store-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx-a2f0740447")]
    // Nothing readable is left: the hash alone, without a dash before it.
    [InlineData(".", "istio-tls-421-fa968a8661")]
    // A name that starts with a character a DNS label does not take loses it (and is hashed).
    [InlineData("_store", "istio-tls-421-store-4e1099590a")]
    // The ends of the ranges a DNS label takes: z, 0 and 9 as they are.
    [InlineData("z0-9", "istio-tls-421-z0-9")]
    // A and Z lower-cased, which changes the name, so it is hashed.
    [InlineData("Zone-A09z", "istio-tls-421-zone-a09z-a69d3f6f96")]
    // Two characters a DNS label does not take in a row give one dash.
    [InlineData("a__b", "istio-tls-421-a-b-b7837d286d")]
    public void A_gateway_api_gateway_name_gives_this_filter_name(string gateway, string expected)
    {
        var name = FilterNames.For(LabelSet.Of((GatewayName, gateway)));

        Assert.Equal(expected, name);
        Assert.True(name.Length <= 63, name);
    }
}
