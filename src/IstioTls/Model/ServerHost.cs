namespace IstioTls.Model;

/// <summary>
/// One entry of a server's <c>hosts</c>: an optional namespace prefix (<c>ns/</c>, <c>./</c>,
/// <c>*/</c>) that only restricts which VirtualServices may bind, and the host that SNI and
/// routing use.
/// </summary>
public sealed record ServerHost(string? NamespacePrefix, string Host)
{
    public static ServerHost Parse(string value)
    {
        var slash = value.IndexOf('/', StringComparison.Ordinal);
        return slash < 0 ? new ServerHost(null, value) : new ServerHost(value[..slash], value[(slash + 1)..]);
    }

    /// <summary>The host as SNI and Envoy compare it: lower case.</summary>
    public string Sni => Host.ToLowerInvariant();

    public override string ToString() => NamespacePrefix is null ? Host : $"{NamespacePrefix}/{Host}";
}
