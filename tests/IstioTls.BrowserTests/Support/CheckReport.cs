using System.Text.Json;

namespace IstioTls.BrowserTests.Support;

/// <summary>One finding of <c>check -o json</c>: its code, severity and the hosts of each server it names.</summary>
public sealed record Finding(string Code, string Severity, string? MitigatedBy, IReadOnlyList<IReadOnlyList<string>> Servers);

/// <summary>What <c>kubectl istio-tls check -f FILE -o json</c> said about a scenario's objects.</summary>
public sealed record CheckReport(IReadOnlyList<Finding> Findings, string Json)
{
    /// <summary>
    /// Whether check reports a browser on <paramref name="first"/> at risk of a 404 for
    /// <paramref name="second"/>: an unmitigated error naming a server of each, two different servers.
    /// </summary>
    public bool AtRisk(string first, string second) => Findings.Any(f => f.Severity == "error" && f.MitigatedBy is null
        && f.Servers.Any(a => a.Contains(first) && !a.Contains(second)) && f.Servers.Any(b => b.Contains(second) && !b.Contains(first)));

    public static CheckReport Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        var findings = document.RootElement.GetProperty("findings").EnumerateArray().Select(f => new Finding(
            f.GetProperty("code").GetString()!,
            f.GetProperty("severity").GetString()!,
            f.TryGetProperty("mitigatedBy", out var mitigated) ? mitigated.GetString() : null,
            [.. f.GetProperty("servers").EnumerateArray().Select(s => (IReadOnlyList<string>)[.. s.GetProperty("hosts").EnumerateArray().Select(h => h.GetString()!)])])).ToList();
        return new CheckReport(findings, json);
    }
}
