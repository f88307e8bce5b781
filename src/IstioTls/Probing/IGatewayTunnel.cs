namespace IstioTls.Probing;

/// <summary>
/// A way to the gateway other than a TCP connection to an address: <c>--port-forward</c>'s
/// tunnel to a gateway pod through the API server. Each TLS connection of the probe gets a
/// stream of its own, as each gets a socket of its own.
/// </summary>
public interface IGatewayTunnel
{
    /// <summary>What the report names instead of an address: <c>pod NS/NAME port 8443 (port-forward)</c>.</summary>
    string Target { get; }

    /// <summary>A new connection to the gateway; failures are <see cref="IOException"/>s whose
    /// message says what went wrong.</summary>
    Task<Stream> OpenAsync(CancellationToken cancellationToken);
}
