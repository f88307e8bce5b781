using IstioTls.Model;
using IstioTls.Plans.Merge;
using static IstioTls.Tests.Support.Manifests;

namespace IstioTls.Tests.Merge;

/// <summary><c>--wildcard</c> on its own: which host lists collapse to <c>*.domain</c>, and the
/// note that says why one does not.</summary>
public class WildcardHostTests
{
    /// <summary>The merged hosts (comma-separated), the neighbours' hosts (servers split by ';',
    /// "" for none), and the collapsed host or the note.</summary>
    public static TheoryData<string, string, string> Cases => new()
    {
        { "a.example.com,b.example.com", "", "*.example.com" },
        { "a.example.com,B.example.com,b.example.com", "", "*.example.com" },
        { "shop/a.example.com,shop/b.example.com", "", "shop/*.example.com" },
        { "a.example.com,A.example.com", "", "--wildcard not applied: fewer than two hosts" },
        { "a.example.com", "", "--wildcard not applied: fewer than two hosts" },
        { "shop/a.example.com,b.example.com", "", "--wildcard not applied: the hosts have different namespace prefixes" },
        { "./a.example.com,shop/b.example.com", "", "--wildcard not applied: the hosts have different namespace prefixes" },
        { "a.example.com,b.example.org", "", "--wildcard not applied: the hosts are not all one label under one domain" },
        { "a.example.com,x.b.example.com", "", "--wildcard not applied: the hosts are not all one label under one domain" },
        { "a.com,b.com", "", "--wildcard not applied: the hosts are not all one label under one domain" },
        { "a,b", "", "--wildcard not applied: the hosts are not all one label under one domain" },
        { "a.,b.", "", "--wildcard not applied: the hosts are not all one label under one domain" },
        { "a.example.com,.example.com", "", "--wildcard not applied: the hosts are not all one label under one domain" },
        { "a.example.com,b.example.com", "c.example.com", "--wildcard not applied: *.example.com would also take c.example.com from web/near server 0" },
        { "a.example.com,b.example.com", "x.c.example.com", "--wildcard not applied: *.example.com would also take x.c.example.com from web/near server 0" },
        { "a.example.com,b.example.com", "www.example.org;*.example.com", "--wildcard not applied: *.example.com would also take *.example.com from web/near server 1" },
        { "a.example.com,b.example.com", "*.com", "--wildcard not applied: *.example.com would also take *.com from web/near server 0" },
        { "a.example.com,b.example.com", "*.c.example.com", "--wildcard not applied: *.example.com would also take *.c.example.com from web/near server 0" },
        { "a.example.com,b.example.com", "example.com;*.org;*.ample.com;xexample.com", "*.example.com" },
        { "a.example.com,b.example.com", "*", "--wildcard not applied: *.example.com would also take * from web/near server 0" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Collapses_or_says_why_not(string hosts, string neighbours, string expected)
    {
        var servers = neighbours.Length == 0 ? [] : Snapshot(Gateway("web/near", "istio=ingressgateway", [.. neighbours.Split(';').Select(h => Simple(443, h))])).Gateways[0].Servers;

        var collapsed = WildcardHost.TryCollapse([.. hosts.Split(',').Select(ServerHost.Parse)], servers, out var note);

        Assert.Equal(expected, collapsed?.ToString() ?? note);
        Assert.True(collapsed is null == note is not null);
    }
}
