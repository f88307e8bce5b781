using IstioTls.Analysis.Misdirected;
using IstioTls.Model;

namespace IstioTls.Analysis;

/// <summary>What to report: <see cref="Namespace"/> limits the report (not the analysis) to
/// findings that involve that namespace, because conflicts cross namespaces.</summary>
public sealed record CheckOptions
{
    public string? Namespace { get; init; }

    /// <summary>Certificates that expire within this are CertificateExpiring (<c>--expiry-warning</c>).</summary>
    public TimeSpan ExpiryWarning { get; init; } = TimeSpan.FromDays(30);

    /// <summary>The time certificates are checked against; null: now.</summary>
    public DateTimeOffset? Now { get; init; }
}

/// <summary>The judge: runs every rule on every gateway workload and returns the findings,
/// de-duplicated, suppressed where annotated, in a stable order.</summary>
public static class Analyzer
{
    public static CheckReport Check(ConfigSnapshot snapshot, CheckOptions? options = null)
    {
        options ??= new CheckOptions();
        var proxies = ProxyResolver.Resolve(snapshot);
        var certificates = CertificateCatalog.For(snapshot);
        var now = options.Now ?? DateTimeOffset.UtcNow;
        var found = new Dictionary<string, Finding>(StringComparer.Ordinal);
        foreach (var proxy in proxies.OrderBy(p => p.Possible))
        {
            IEnumerable<Finding>[] rules =
            [
                SharedCertificateRule.Find(proxy, certificates),
                DuplicateHostRule.Find(proxy),
                CoveringCertificateRule.Find(proxy, certificates),
                CertificateValidityRule.Find(proxy, certificates, now, options.ExpiryWarning),
                HostNotCoveredRule.Find(proxy, certificates),
            ];
            foreach (var finding in rules.SelectMany(r => r))
            {
                var identity = finding.Identity;
                if (found.TryGetValue(identity, out var earlier))
                {
                    found[identity] = earlier with { Workloads = [.. earlier.Workloads.Union(finding.Workloads, StringComparer.Ordinal)] };
                }
                else if (!proxy.Possible || !found.Values.Any(f => SameServers(f, finding)))
                {
                    found[identity] = finding with { Context = snapshot.Context };
                }
            }
        }
        var reviewed = MisdirectedFilterRule.Review(snapshot, found.Values);
        var relevant = reviewed.Where(f => options.Namespace is null || Involves(f, options.Namespace));
        var ordered = relevant.Order(FindingOrder.Instance).ToList();
        return new CheckReport
        {
            Findings = [.. ordered.Where(f => !Suppression.IsSuppressed(f))],
            Suppressed = [.. ordered.Where(Suppression.IsSuppressed)],
            Checked = new CheckedCounts(
                snapshot.Gateways.Count,
                snapshot.Gateways.Sum(g => g.Servers.Count),
                snapshot.VirtualServices.Count,
                snapshot.EnvoyFilters.Count,
                snapshot.Workloads.Select(w => w.WorkloadKey).Distinct(StringComparer.Ordinal).Count(),
                snapshot.Skipped),
            Warnings = [.. snapshot.Warnings, .. certificates.Warnings(snapshot)],
            Partial = snapshot.Partial,
            Contexts = snapshot.Context is null ? [] : [snapshot.Context],
        };
    }

    private static bool SameServers(Finding a, Finding b) =>
        a.Servers.Count == b.Servers.Count && a.Servers.All(b.Servers.Contains);

    private static bool Involves(Finding finding, string ns) =>
        finding.Servers.Any(s => s.Gateway.Meta.Namespace == ns)
        || finding.Filter?.Meta.Namespace == ns
        || finding.Workloads.Any(w => w.StartsWith(ns + "/", StringComparison.Ordinal));

    private sealed class FindingOrder : IComparer<Finding>
    {
        public static readonly FindingOrder Instance = new();

        public int Compare(Finding? x, Finding? y)
        {
            if (x is null || y is null)
            {
                return x is null ? (y is null ? 0 : 1) : -1;
            }
            var c = y.Severity.CompareTo(x.Severity);
            if (c == 0) c = string.CompareOrdinal(x.Context, y.Context);
            if (c == 0) c = string.CompareOrdinal(x.Code, y.Code);
            if (c == 0) c = x.Port.CompareTo(y.Port);
            if (c == 0) c = string.CompareOrdinal(x.Filter?.Key, y.Filter?.Key);
            if (c == 0 && x.Servers.Count > 0 && y.Servers.Count > 0) c = GatewayOrder.Instance.Compare(x.Servers[0], y.Servers[0]);
            if (c == 0) c = string.CompareOrdinal(x.Identity, y.Identity);
            return c;
        }
    }
}
