using IstioTls.Model;

namespace IstioTls.Analysis;

/// <summary>Where Envoy listens for a server: its port number and, when set, its bind address.
/// Servers with the same one share one Envoy listener, and so its filter chains and a browser's
/// reused connection. (A Gateway API "listener" is a server, not this.)</summary>
public readonly record struct PortBinding(int Port, string? Bind)
{
    public static PortBinding Of(Server server) => new(server.Port.Number, server.Bind);

    /// <summary>The listener's name in Envoy, as istiod writes it: <c>0.0.0.0_8443</c>, or
    /// <c>10.0.0.1_443</c> with a bind; an EnvoyFilter's <c>listener.name</c> matches it.</summary>
    public string EnvoyName => $"{Bind ?? "0.0.0.0"}_{Port}";

    public override string ToString() => Bind is null ? $"port {Port}" : $"{Bind}:{Port}";
}
