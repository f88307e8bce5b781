using IstioTls.Model;

namespace IstioTls.Analysis;

/// <summary>
/// A terminating server lists hosts its own certificate does not cover (RFC 6125): browsers
/// refuse those hosts whatever the routing. A wildcard host counts as covered when the
/// certificate covers any name it stands for; <c>*</c> is never reported. Needs the certificates
/// (<c>--inspect-certs</c>).
/// </summary>
internal static class HostNotCoveredRule
{
    public static IEnumerable<Finding> Find(Proxy proxy, CertificateCatalog catalog)
    {
        if (!catalog.Inspected || proxy.Possible)
        {
            yield break;
        }
        var certificates = catalog.For(proxy);
        var terminating = proxy.Servers(s => s.TerminatesHttps);
        foreach (var server in terminating)
        {
            var known = certificates.Of(server).Where(c => c.Info is not null).ToList();
            if (known.Count == 0)
            {
                continue;
            }
            var names = known.SelectMany(c => c.Info!.DnsNames).Distinct(StringComparer.Ordinal).ToList();
            var uncovered = server.Hosts
                .Select(h => HostNames.Normalize(h.Host))
                .Distinct(StringComparer.Ordinal)
                .Where(host => host != "*" && !names.Any(san => HostNames.Overlap(san, host) is not null))
                .ToList();
            if (uncovered.Count == 0)
            {
                continue;
            }
            var certificate = string.Join(", ", known.Select(c => c.Name));
            var listener = Listener.Of(server);
            yield return new Finding
            {
                Code = FindingCodes.HostNotCovered,
                Severity = Severity.Warning,
                Message = $"the certificate of {server} ({certificate}) does not cover {string.Join(", ", uncovered)}; browsers refuse {(uncovered.Count == 1 ? "that host" : "those hosts")} on {listener} (the certificate is for {(names.Count == 0 ? "no DNS name" : string.Join(", ", names))})",
                Port = listener.Port,
                Bind = listener.Bind,
                Selector = server.Gateway.Selector,
                Workloads = proxy.Workloads,
                Certificate = certificate,
                Fingerprints = [.. known.Select(c => c.Info!.Fingerprint)],
                DnsNames = names,
                Hosts = uncovered,
                Servers = [server],
                Fix = new FixAdvice(null, $"add {string.Join(", ", uncovered)} to the certificate in {certificate}, or remove {(uncovered.Count == 1 ? "the host" : "the hosts")} from {server}"),
            };
        }
    }
}
