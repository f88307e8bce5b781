using System.Globalization;
using IstioTls.Model;

namespace IstioTls.Analysis;

/// <summary>
/// Terminating servers that present a certificate which has expired (every browser refuses it) or
/// expires within <c>--expiry-warning</c>: one finding per certificate and listener, naming the
/// servers that present it. Needs the certificates (<c>--inspect-certs</c>).
/// </summary>
internal static class CertificateValidityRule
{
    public static IEnumerable<Finding> Find(Proxy proxy, CertificateCatalog catalog, DateTimeOffset now, TimeSpan warning)
    {
        if (!catalog.Inspected || proxy.Possible)
        {
            yield break;
        }
        var certificates = catalog.For(proxy);
        var terminating = proxy.Servers(s => s.TerminatesHttps);
        foreach (var listener in terminating.GroupBy(Listener.Of))
        {
            var byCertificate = listener
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
                var when = Rfc3339.Format(info.NotAfter);
                var who = servers.Count == 1 ? servers[0].ToString() : $"{servers.Count} servers";
                yield return new Finding
                {
                    Code = expired ? FindingCodes.CertificateExpired : FindingCodes.CertificateExpiring,
                    Severity = expired ? Severity.Error : Severity.Warning,
                    Message = expired
                        ? $"certificate {names} expired at {when}; browsers refuse {who} on {listener.Key}"
                        : $"certificate {names} expires at {when}, within {Days(warning)} (--expiry-warning); {who} on {listener.Key} {(servers.Count == 1 ? "presents" : "present")} it",
                    Port = listener.Key.Port,
                    Bind = listener.Key.Bind,
                    Selector = servers[0].Gateway.Selector,
                    Workloads = proxy.Workloads,
                    Certificate = names,
                    Fingerprints = [info.Fingerprint],
                    NotAfter = info.NotAfter,
                    Hosts = [.. servers.SelectMany(s => s.Hosts).Select(h => h.Host).Distinct(StringComparer.OrdinalIgnoreCase)],
                    Servers = servers,
                    Fix = new FixAdvice(null, $"renew the certificate in {names}"),
                };
            }
        }
    }

    private static string Days(TimeSpan span) =>
        span.TotalDays >= 1 && span.TotalDays == Math.Floor(span.TotalDays)
            ? $"{span.TotalDays.ToString(CultureInfo.InvariantCulture)} day{(span.TotalDays == 1 ? "" : "s")}"
            : $"{span.TotalHours.ToString("0.##", CultureInfo.InvariantCulture)} hours";
}
