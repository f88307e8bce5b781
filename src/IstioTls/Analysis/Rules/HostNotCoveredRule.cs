using IstioTls.Model;

namespace IstioTls.Analysis.Rules;

/// <summary>
/// A terminating server lists hosts its own certificate does not cover (RFC 6125): browsers
/// refuse those hosts whatever the routing. A wildcard host counts as covered when the
/// certificate covers any name it stands for; <c>*</c> is never reported. Needs the certificates
/// (<c>--inspect-certs</c>).
/// </summary>
internal static class HostNotCoveredRule
{
    public static IEnumerable<Finding> Find(WorkloadGroup workload, CertificateCatalog catalog)
    {
        if (!catalog.Inspected || workload.Possible)
        {
            yield break;
        }
        var certificates = catalog.For(workload);
        var terminating = workload.Servers(s => s.TerminatesHttps);
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
            yield return ToFinding(workload, server, known, names, uncovered);
        }
    }

    private static Finding ToFinding(WorkloadGroup workload, Server server, IReadOnlyList<PresentedCertificate> known, IReadOnlyList<string> names, IReadOnlyList<string> uncovered)
    {
        var certificate = string.Join(", ", known.Select(c => c.Name));
        var binding = workload.Binding(server);
        return new Finding
        {
            Code = FindingCodes.HostNotCovered,
            Severity = Severity.Warning,
            Message = $"the certificate of {server} ({certificate}) does not cover {string.Join(", ", uncovered)}; browsers refuse {(uncovered.Count == 1 ? "that host" : "those hosts")} on {binding} (the certificate is for {(names.Count == 0 ? "no DNS name" : string.Join(", ", names))})",
            Binding = binding,
            Selector = server.Gateway.Selector,
            Workloads = workload.Workloads,
            Servers = [server],
            Detail = new HostNotCoveredDetail(certificate, [.. known.Select(c => c.Info!.Fingerprint)], uncovered, names),
            Fix = new FixAdvice(null, $"add {string.Join(", ", uncovered)} to the certificate in {certificate}, or remove {(uncovered.Count == 1 ? "the host" : "the hosts")} from {server}"),
        };
    }
}
