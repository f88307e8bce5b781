using System.Globalization;
using IstioTls.Model;

namespace IstioTls.Analysis.Rules;

/// <summary>
/// Terminating servers that present a certificate which has expired (every browser refuses it) or
/// expires within <c>--expiry-warning</c>: one finding per certificate and listener, naming the
/// servers that present it. Needs the certificates (<c>--inspect-certs</c>).
/// </summary>
internal static class CertificateValidityRule
{
    public static IEnumerable<Finding> Find(WorkloadGroup workload, CertificateCatalog catalog, DateTimeOffset now, TimeSpan warning)
    {
        if (!catalog.Inspected || workload.Possible)
        {
            yield break;
        }
        var certificates = catalog.For(workload);
        var terminating = workload.Servers(s => s.TerminatesHttps);
        foreach (var onPort in terminating.GroupBy(workload.Binding))
        {
            var byCertificate = onPort
                .SelectMany(server => certificates.Of(server).Where(c => c.Info is not null).Select(c => (Server: server, Certificate: c)))
                .GroupBy(x => x.Certificate.Key, StringComparer.Ordinal)
                .OrderBy(g => g.Key, StringComparer.Ordinal);
            foreach (var group in byCertificate)
            {
                var info = group.First().Certificate.Info!;
                var expired = info.NotAfter <= now;
                if (!expired && info.NotAfter > now + warning)
                {
                    continue;
                }
                var servers = group.Select(x => x.Server).Distinct().ToList();
                var names = string.Join(", ", group.Select(x => x.Certificate.Name).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal));
                yield return ToFinding(workload, onPort.Key, servers, names, info, expired, warning);
            }
        }
    }

    private static Finding ToFinding(WorkloadGroup workload, PortBinding binding, IReadOnlyList<Server> servers, string names, CertificateInfo info, bool expired, TimeSpan warning)
    {
        var when = Rfc3339.Format(info.NotAfter);
        var who = servers.Count == 1 ? servers[0].ToString() : $"{servers.Count} servers";
        return new Finding
        {
            Code = expired ? FindingCodes.CertificateExpired : FindingCodes.CertificateExpiring,
            Severity = expired ? Severity.Error : Severity.Warning,
            Message = expired
                ? $"certificate {names} expired at {when}; browsers refuse {who} on {binding}"
                : $"certificate {names} expires at {when}, within {Days(warning)} (--expiry-warning); {who} on {binding} {(servers.Count == 1 ? "presents" : "present")} it",
            Binding = binding,
            Selector = servers[0].Gateway.Selector,
            Workloads = workload.Workloads,
            Servers = servers,
            Detail = new CertificateValidityDetail(
                names,
                info.Fingerprint,
                info.NotAfter,
                [.. servers.SelectMany(s => s.Hosts).Select(h => h.Host).Distinct(StringComparer.OrdinalIgnoreCase)]),
            Fix = new FixAdvice(null, $"renew the certificate in {names}"),
        };
    }

    private static string Days(TimeSpan span) =>
        span.TotalDays >= 1 && span.TotalDays == Math.Floor(span.TotalDays)
            ? $"{span.TotalDays.ToString(CultureInfo.InvariantCulture)} day{(span.TotalDays == 1 ? "" : "s")}"
            : $"{span.TotalHours.ToString("0.##", CultureInfo.InvariantCulture)} hours";
}
