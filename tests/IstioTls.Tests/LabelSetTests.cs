using IstioTls.Model;

namespace IstioTls.Tests;

public class LabelSetTests
{
    [Fact]
    public void Equality_ignores_key_order()
    {
        var a = LabelSet.Of(("istio", "ingressgateway"), ("app", "gw"));
        var b = LabelSet.Of(("app", "gw"), ("istio", "ingressgateway"));

        Assert.Equal(a, b);
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
        Assert.Equal("app=gw,istio=ingressgateway", a.ToString());
    }

    [Theory]
    [InlineData("", "istio=ingressgateway", true)]
    [InlineData("istio=ingressgateway", "istio=ingressgateway,app=gw", true)]
    [InlineData("istio=ingressgateway,app=gw", "istio=ingressgateway", false)]
    [InlineData("istio=ingressgateway", "istio=other", false)]
    [InlineData("istio=ingressgateway", "", false)]
    public void Subset_is_how_a_selector_matches_pod_labels(string selector, string labels, bool expected) =>
        Assert.Equal(expected, Parse(selector).IsSubsetOf(Parse(labels)));

    private static LabelSet Parse(string text) => LabelSet.From(text.Split(',', StringSplitOptions.RemoveEmptyEntries)
        .Select(p => p.Split('='))
        .Select(p => KeyValuePair.Create(p[0], p[1])));
}
