using IstioTls.Analysis;
using IstioTls.Model;
using IstioTls.Tests.Support;
using static IstioTls.Tests.Support.Manifests;

namespace IstioTls.Tests;

/// <summary>istiod's Gateway order (sortConfigByCreationTime): oldest first, a missing
/// creationTimestamp first of all, ties by name and then by namespace, ordinal.</summary>
public class GatewayOrderTests
{
    private const string Ingress = "istio=ingressgateway";

    /// <summary>Two Gateways ("ns/name" and creationTimestamp or "") and which istiod takes first.</summary>
    public static TheoryData<string, string, string, string, string, string> Pairs => new()
    {
        { "the older first", "web/b", "2024-01-01T00:00:00Z", "web/a", "2024-01-02T00:00:00Z", "web/b" },
        { "one second decides", "web/a", "2024-01-01T00:00:01Z", "web/b", "2024-01-01T00:00:00Z", "web/b" },
        { "a missing timestamp is Go's zero time: first", "web/z", "", "web/a", "2024-01-01T00:00:00Z", "web/z" },
        { "two missing timestamps tie: by name", "web/b", "", "web/a", "", "web/a" },
        { "a tie by name, whatever the namespace", "z/a", "2024-01-01T00:00:00Z", "a/b", "2024-01-01T00:00:00Z", "z/a" },
        { "names compare ordinally: upper case first", "web/a", "2024-01-01T00:00:00Z", "web/B", "2024-01-01T00:00:00Z", "web/B" },
        { "the same name: by namespace", "b/gw", "2024-01-01T00:00:00Z", "a/gw", "2024-01-01T00:00:00Z", "a/gw" },
    };

    [Theory]
    [MemberData(nameof(Pairs))]
    public void Istiod_takes_first(string situation, string keyX, string createdX, string keyY, string createdY, string first)
    {
        var snapshot = Snapshot(Gateway(keyX, Ingress, [Simple(443, "x.example.com")], created: Created(createdX))
            + Gateway(keyY, Ingress, [Simple(443, "y.example.com")], created: Created(createdY)));
        var x = snapshot.Gateways.Single(g => g.Key == keyX);
        var y = snapshot.Gateways.Single(g => g.Key == keyY);

        var xy = GatewayOrder.Instance.Compare(x, y);
        var yx = GatewayOrder.Instance.Compare(y, x);

        Assert.True(first == keyX ? xy < 0 && yx > 0 : xy > 0 && yx < 0, $"{situation}: Compare(x, y) = {xy}, Compare(y, x) = {yx}");
        Assert.Equal(first, new[] { x, y }.Order(GatewayOrder.Instance).First().Key);
    }

    [Fact]
    public void A_Gateway_is_equal_to_itself_and_null_sorts_last()
    {
        var gateway = Snapshot(Gateway("web/a", Ingress, [Simple(443, "a.example.com")])).Gateways[0];

        Assert.Equal(0, GatewayOrder.Instance.Compare(gateway, gateway));
        Assert.Equal(0, GatewayOrder.Instance.Compare((Gateway?)null, null));
        Assert.True(GatewayOrder.Instance.Compare(null, gateway) > 0);
        Assert.True(GatewayOrder.Instance.Compare(gateway, null) < 0);
    }

    [Fact]
    public void Servers_follow_their_Gateways_then_their_position()
    {
        var snapshot = Snapshot(Gateway("web/new", Ingress, [Simple(443, "a.example.com"), Simple(443, "b.example.com")], created: "2024-01-02T00:00:00Z")
            + Gateway("web/old", Ingress, [Simple(443, "c.example.com"), Simple(443, "d.example.com")], created: "2024-01-01T00:00:00Z"));
        var servers = snapshot.Gateways.SelectMany(g => g.Servers).ToList();

        Assert.Equal(["web/old#0", "web/old#1", "web/new#0", "web/new#1"], servers.Order(GatewayOrder.Instance).Select(s => s.Key));
        var first = servers.Single(s => s.Key == "web/new#0");
        var second = servers.Single(s => s.Key == "web/new#1");
        Assert.True(GatewayOrder.Instance.Compare(first, second) < 0);
        Assert.True(GatewayOrder.Instance.Compare(second, first) > 0);
        Assert.Equal(0, GatewayOrder.Instance.Compare(first, first));
        Assert.Equal(0, GatewayOrder.Instance.Compare((Server?)null, null));
        Assert.True(GatewayOrder.Instance.Compare(null, first) > 0);
        Assert.True(GatewayOrder.Instance.Compare(first, null) < 0);
    }

    private static string? Created(string created) => created.Length == 0 ? null : created;
}
