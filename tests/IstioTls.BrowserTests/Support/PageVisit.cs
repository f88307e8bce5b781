namespace IstioTls.BrowserTests.Support;

/// <summary>
/// A browser loading a page on one host whose images come from other hosts, and what the
/// stand-in logged for that visit (the page and its images carry the same run argument, so
/// visits of other tests or browsers, and the browser's own requests such as /favicon.ico, are
/// left out).
/// </summary>
public sealed record PageVisit(PageLoad Page, IReadOnlyList<LoggedRequest> Requests)
{
    public static PageVisit Open(IBrowser browser, StandIn standIn, Scenario scenario, string pageHost, params string[] imageHosts)
    {
        var run = $"{browser.Name.ToLowerInvariant()}-{Guid.NewGuid():N}";
        var url = $"https://{pageHost}:{standIn.Port(443)}/?run={run}" + string.Concat(imageHosts.Select(h => $"&img={h}"));
        var page = browser.Load(url, scenario.Hosts);
        return new PageVisit(page, [.. standIn.Requests().Where(r => r.Run == run)]);
    }

    /// <summary>The page's own request.</summary>
    public LoggedRequest PageRequest => Requests.Single(r => r.Uri.StartsWith("/?", StringComparison.Ordinal));

    /// <summary>The requests for an image host, in the order the stand-in answered them.</summary>
    public IReadOnlyList<LoggedRequest> For(string host) => [.. Requests.Where(r => r.Host == host && r.Uri.StartsWith("/pixel.gif", StringComparison.Ordinal))];

    public override string ToString() => string.Join("\n", Requests);
}
