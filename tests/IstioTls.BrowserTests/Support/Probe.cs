using System.Text.Json;
using IstioTls.Tests.Support;

namespace IstioTls.BrowserTests.Support;

/// <summary>One pair of <c>probe -o json</c>.</summary>
public sealed record ProbedPair(string Sni, string Authority, int? Status, int? BaselineStatus, string Verdict, string Connection, string? Cause);

/// <summary>What <c>kubectl istio-tls probe</c> said, and its exit code.</summary>
public sealed record ProbeResult(int ExitCode, IReadOnlyList<ProbedPair> Pairs, string Output)
{
    public ProbedPair Pair(string sni, string authority) =>
        Pairs.SingleOrDefault(p => p.Sni == sni && p.Authority == authority) ?? throw new InvalidOperationException($"no pair {sni} -> {authority} in\n{Output}");
}

/// <summary>
/// The CLI's <c>probe</c>, run as a process against the stand-in (every host at its loopback
/// port, the test CA trusted), and the verdict a browser's visit amounts to, so that the two can
/// be compared on the same scenario.
/// </summary>
public static class Probe
{
    public static ProbeResult Run(StandIn standIn, params string[] hosts) => Run(standIn.Port(443), hosts);

    public static ProbeResult Run(int port, IReadOnlyList<string> hosts, params string[] extra)
    {
        using var directory = new TempDirectory("probe");
        var ca = directory.File("ca.pem");
        File.WriteAllText(ca, TestCa.Pem);
        var arguments = new List<string> { "probe", "--address", $"127.0.0.1:{port}", "--certificate-authority", ca, "-o", "json" };
        arguments.AddRange(hosts.SelectMany(h => new[] { "--host", h }));
        arguments.AddRange(extra);
        var result = Cli.Run([.. arguments], timeout: TimeSpan.FromSeconds(60));
        if (result.ExitCode > 2 || result.Stdout.Length == 0)
        {
            Assert.Fail($"probe: exit {result.ExitCode}\n{result.Stdout}{result.Stderr}");
        }
        using var document = JsonDocument.Parse(result.Stdout);
        var pairs = document.RootElement.GetProperty("pairs").EnumerateArray().Select(p => new ProbedPair(
            p.GetProperty("sni").GetString()!,
            p.GetProperty("authority").GetString()!,
            Number(p.GetProperty("status")),
            Number(p.GetProperty("baselineStatus")),
            p.GetProperty("verdict").GetString()!,
            p.GetProperty("connection").GetString()!,
            p.TryGetProperty("cause", out var cause) ? cause.GetString() : null)).ToList();
        return new ProbeResult(result.ExitCode, pairs, result.Stdout + result.Stderr);
    }

    /// <summary>
    /// What the browser did with the first request for an image on <paramref name="imageHost"/>,
    /// as a probe pair: the SNI of the connection it went over (the page's, or another host's
    /// that the browser had open) and the probe's verdict for it: 404 there is misrouted, 421
    /// misdirected, any other answer served; on a connection with its own SNI, the browser did not
    /// reuse one (not-coalescable, as the probe says when the certificate does not name it).
    /// </summary>
    public static (string Sni, string Verdict) BrowserVerdict(PageVisit visit, string imageHost)
    {
        var first = visit.For(imageHost)[0];
        if (first.Sni == imageHost)
        {
            return (visit.PageRequest.Sni, "not-coalescable");
        }
        return (first.Sni, first.Status switch
        {
            421 => "misdirected",
            404 => "misrouted",
            _ => "served",
        });
    }

    /// <summary>Probes the visit's pair on the same stand-in and asserts the probe says what the browser met.</summary>
    public static void AssertSameAsBrowser(StandIn standIn, PageVisit visit, string pageHost, string imageHost)
    {
        var (sni, browser) = BrowserVerdict(visit, imageHost);
        var probe = Run(standIn, [.. new[] { pageHost, imageHost, sni }.Distinct()]);
        Assert.True(browser == probe.Pair(sni, imageHost).Verdict, $"the browser met {browser} for {imageHost} on {sni}'s connection; the probe said\n{probe.Output}");
    }

    private static int? Number(JsonElement element) => element.ValueKind == JsonValueKind.Number ? element.GetInt32() : null;
}
