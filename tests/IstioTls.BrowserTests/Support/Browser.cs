namespace IstioTls.BrowserTests.Support;

/// <summary>What a browser process gave back for one page: the DOM after load, where it can dump it.</summary>
public sealed record PageLoad(string? Dom)
{
    /// <summary>"load" or "error" for each image host the page reported, from the page's own script.</summary>
    public IReadOnlyDictionary<string, string> Images => Dom is null
        ? new Dictionary<string, string>()
        : System.Text.RegularExpressions.Regex.Matches(Dom, @"(?<=^|<pre id=""out"">)(\S+) (load|error)$", System.Text.RegularExpressions.RegexOptions.Multiline)
            .ToDictionary(m => m.Groups[1].Value, m => m.Groups[2].Value);
}

/// <summary>A real browser, run headless as one process per page, trusting the test CA, resolving
/// the test hosts to 127.0.0.1 and nothing else.</summary>
public interface IBrowser
{
    string Name { get; }

    PageLoad Load(string url, IReadOnlyCollection<string> hosts);
}
