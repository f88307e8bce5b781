using IstioTls.Model;

namespace IstioTls.Analysis.Rules;

/// <summary>
/// Server A puts server B at risk when both are on one workload and listener, and A's certificate
/// covers a host of B that A does not serve: a browser with an HTTP/2 connection to A reuses it
/// for that host (the certificate is valid for it), Envoy routes it through A's filter chain and
/// route table, and the answer is 404. Shared certificates are <see cref="SharedCertificateRule"/>'s;
/// this finds the rest, in one direction: a wildcard on A covering B's host, or B's names in A's
/// other Secret. B may pass TLS through (its host is still reached over A's connection). Needs the
/// certificates (<c>--inspect-certs</c>).
/// </summary>
internal static class CoveringCertificateRule
{
    public static IEnumerable<Finding> Find(WorkloadGroup workload, CertificateCatalog catalog, ToolCommand command)
    {
        if (!catalog.Inspected || workload.Possible)
        {
            yield break;
        }
        var certificates = catalog.For(workload);
        var withTls = workload.Servers(SniMatch.HasFilterChain);
        foreach (var onPort in withTls.GroupBy(workload.Binding))
        {
            var servers = onPort.ToList();
            foreach (var covering in servers.Where(s => s.TerminatesHttps))
            {
                var presented = certificates.Of(covering);
                var names = presented.Where(c => c.Info is not null).SelectMany(c => c.Info!.DnsNames).Distinct(StringComparer.Ordinal).ToList();
                if (names.Count == 0)
                {
                    continue;
                }
                var keys = presented.Select(c => c.Key).ToHashSet(StringComparer.Ordinal);
                foreach (var covered in servers.Where(s => s != covering && CanBeReached(s)))
                {
                    if (certificates.Of(covered).Any(c => keys.Contains(c.Key)))
                    {
                        // The same certificate: a SharedCertificate finding.
                        continue;
                    }
                    var hosts = CoveredHosts(covering, covered, names, servers);
                    if (hosts.Count > 0)
                    {
                        yield return ToFinding(workload, onPort.Key, covering, covered, presented, hosts, command);
                    }
                }
            }
        }
    }

    // A victim is any server whose filter chain a browser reaches by SNI: terminating, or passing
    // TLS through. ISTIO_MUTUAL and AUTO_PASSTHROUGH are mesh-internal.
    private static bool CanBeReached(Server server) =>
        server.TlsMode is TlsMode.Simple or TlsMode.Mutual or TlsMode.OptionalMutual or TlsMode.Passthrough;

    private static List<CoveredHost> CoveredHosts(Server covering, Server covered, IReadOnlyList<string> names, IReadOnlyList<Server> onPort)
    {
        var result = new List<CoveredHost>();
        foreach (var host in covered.Hosts.Select(h => HostNames.Normalize(h.Host)).Distinct(StringComparer.Ordinal))
        {
            foreach (var san in names)
            {
                // A null check, not an `is { } x` pattern used after the statement: Stryker cannot compile the
                // mutants of such a pattern one by one and drops every mutant of the method (docs/mutation-testing.md).
                var name = HostNames.Overlap(san, host);
                if (name is null
                    || result.Any(r => r.Host == name)
                    || covering.Hosts.Any(h => HostNames.Serves(h.Host, name))
                    || SniMatch.Select(onPort, name) != covered)
                {
                    // Not covered, already found, served by the covering server itself, or
                    // reached through a third server (whose own finding names it).
                    continue;
                }
                result.Add(new CoveredHost(name, san));
            }
        }
        return result;
    }

    // A host the browser really visits: the first exact one, else the server's first host.
    private static string Example(Server server)
    {
        var hosts = server.Hosts.Select(h => h.Host).ToList();
        return hosts.FirstOrDefault(h => h != "*" && !HostNames.IsWildcard(h)) ?? (hosts.FirstOrDefault(h => h != "*") is { } wildcard ? $"a host of {wildcard}" : $"a host of {server}");
    }

    private static Finding ToFinding(WorkloadGroup workload, PortBinding binding, Server covering, Server covered, IReadOnlyList<PresentedCertificate> certificate, IReadOnlyList<CoveredHost> hosts, ToolCommand command)
    {
        var names = string.Join(", ", certificate.Select(c => c.Name));
        var list = string.Join(", ", hosts.Select(h => h.Host == h.San ? h.Host : $"{h.Host} (by {h.San})"));
        var severity = covering.TlsMode == TlsMode.Mutual ? Severity.Warning : Severity.Error;
        var covers = hosts.Count == 1 ? hosts[0].Host : "those hosts";
        var message = $"certificate {names} of {covering} also covers {list}, which {covered} serves on {binding}: a browser with an HTTP/2 connection to {Example(covering)} reuses it for {covers} and gets 404";
        if (severity == Severity.Warning)
        {
            message += " (MUTUAL: Chromium does not pool connections that sent a client certificate, other clients may)";
        }
        return new Finding
        {
            Code = FindingCodes.CoveringCertificate,
            Severity = severity,
            Message = message,
            Binding = binding,
            PortEstablished = workload.Merged.Find(covering)?.Port.Established ?? false,
            Selector = covering.Gateway.Selector,
            Workloads = workload.Workloads,
            Servers = [covering, covered],
            Detail = new CoveringCertificateDetail(names, [.. certificate.Select(c => c.Info?.Fingerprint).OfType<string>()], hosts),
            Fix = new FixAdvice(null, $"give {covering} a certificate that does not cover {covers}, or serve {covers} from one server with one certificate", command.Answer421),
        };
    }
}
