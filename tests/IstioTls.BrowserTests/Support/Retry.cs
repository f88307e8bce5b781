namespace IstioTls.BrowserTests.Support;

/// <summary>What a 421 must lead to: the retry RFC 9110 15.5.22 allows, on a connection of its own.</summary>
public static class Retry
{
    public static void AssertMisdirectedThenRetried(PageVisit visit, string pageHost, string imageHost)
    {
        var page = visit.PageRequest;
        Assert.Equal((pageHost, 200, "HTTP/2.0"), (page.Sni, page.Status, page.Protocol));
        var requests = visit.For(imageHost);
        Assert.Equal(2, requests.Count);
        var (misdirected, retried) = (requests[0], requests[1]);
        Assert.Equal((page.Connection, pageHost, 421), (misdirected.Connection, misdirected.Sni, misdirected.Status));
        Assert.NotEqual(page.Connection, retried.Connection);
        Assert.Equal((imageHost, 200, "HTTP/2.0"), (retried.Sni, retried.Status, retried.Protocol));
        if (visit.Page.Dom is not null)
        {
            Assert.Equal("load", visit.Page.Images[imageHost]);
        }
    }
}
