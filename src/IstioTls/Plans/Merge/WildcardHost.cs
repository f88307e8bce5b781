using IstioTls.Model;

namespace IstioTls.Plans.Merge;

/// <summary>
/// <c>--wildcard</c>: hosts that are all one label under one domain (<c>a.example.com</c>,
/// <c>b.example.com</c>) become <c>*.example.com</c>, as in the seed's second variant. Istio
/// matches <c>*.example.com</c> against any name below the domain, so it is refused when
/// another server on the port lists such a name, or a wildcard that covers it: the merged
/// server would take that server's connections.
/// </summary>
internal static class WildcardHost
{
    public static ServerHost? TryCollapse(IReadOnlyList<ServerHost> hosts, IEnumerable<Server> neighbours, out string? note)
    {
        note = null;
        var prefixes = hosts.Select(h => h.NamespacePrefix).Distinct().ToList();
        var domains = hosts.Select(h => Domain(h.Sni)).Distinct(StringComparer.Ordinal).ToList();
        if (hosts.Select(h => h.Sni).Distinct(StringComparer.Ordinal).Count() < 2)
        {
            note = "--wildcard not applied: fewer than two hosts";
            return null;
        }
        if (prefixes.Count > 1)
        {
            note = "--wildcard not applied: the hosts have different namespace prefixes";
            return null;
        }
        if (domains.Count > 1 || domains[0] is not { } domain || !domain.Contains('.', StringComparison.Ordinal))
        {
            note = "--wildcard not applied: the hosts are not all one label under one domain";
            return null;
        }
        var taken = neighbours
            .SelectMany(s => s.Hosts.Select(h => (Server: s, h.Sni)))
            .FirstOrDefault(n => Overlaps(n.Sni, domain));
        if (taken.Server is not null)
        {
            note = $"--wildcard not applied: *.{domain} would also take {taken.Sni} from {taken.Server}";
            return null;
        }
        return new ServerHost(prefixes[0], "*." + domain);
    }

    /// <summary>The domain under the first label, or null for a one-label name.</summary>
    private static string? Domain(string host)
    {
        var dot = host.IndexOf('.', StringComparison.Ordinal);
        return dot > 0 && dot < host.Length - 1 ? host[(dot + 1)..] : null;
    }

    /// <summary>Whether <c>*.domain</c> and a host of another server can match the same name.</summary>
    private static bool Overlaps(string host, string domain)
    {
        var below = "." + domain;
        if (host.StartsWith('*'))
        {
            var suffix = host[1..];
            return below.EndsWith(suffix, StringComparison.Ordinal) || suffix.EndsWith(below, StringComparison.Ordinal);
        }
        return host.EndsWith(below, StringComparison.Ordinal);
    }
}
