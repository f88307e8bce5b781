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

    /// <summary>The host as istiod compares hosts for duplicates: <c>./h</c> is
    /// <c>namespace/h</c>, <c>*/h</c> is <c>h</c>, any other prefix stays.</summary>
    public string IstiodForm(string gatewayNamespace) => NamespacePrefix switch
    {
        "." => $"{gatewayNamespace}/{Host}",
        null or "*" => Host,
        var ns => $"{ns}/{Host}",
    };

    /// <summary>The host as SNI and Envoy compare it: lower case.</summary>
    public string Sni => Host.ToLowerInvariant();

    public override string ToString() => NamespacePrefix is null ? Host : $"{NamespacePrefix}/{Host}";
}
