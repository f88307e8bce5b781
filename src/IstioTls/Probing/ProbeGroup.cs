namespace IstioTls.Probing;

/// <summary>Hosts that may share one connection (the servers of one finding, or the <c>--host</c>
/// list), and where their gateway listens. Every ordered pair of its hosts is probed.</summary>
/// <param name="Name">Where the group came from, for the report: the finding's heading, or "--host".</param>
/// <param name="Address">Where to connect; null: to each SNI's own name on port 443, as a browser
/// does (coalescing then also needs the names to resolve to one address).</param>
public sealed record ProbeGroup(string Name, IReadOnlyList<string> Hosts, ProbeAddress? Address)
{
    /// <summary>Where every connection goes instead of <see cref="Address"/> (<c>--port-forward</c>).</summary>
    public IGatewayTunnel? Tunnel { get; init; }

    /// <summary>Where the connection with SNI <paramref name="sni"/> goes.</summary>
    public ProbeAddress AddressFor(string sni) => Address ?? new ProbeAddress(sni, ProbeAddress.DefaultPort);

    public IEnumerable<(string Sni, string Authority)> Pairs =>
        from sni in Hosts
        from authority in Hosts
        where !string.Equals(sni, authority, StringComparison.OrdinalIgnoreCase)
        select (sni, authority);
}
