using IstioTls.Model;

namespace IstioTls.Analysis;

/// <summary>Where Envoy listens for a server: its port number and, when set, its bind address.
/// Servers with the same one share one Envoy listener, and so its filter chains and a browser's
/// reused connection. (A Gateway API "listener" is a server, not this.)</summary>
public readonly record struct PortBinding(int Port, string? Bind)
{
    public static PortBinding Of(Server server) => new(server.Port.Number, server.Bind);

    public override string ToString() => Bind is null ? $"port {Port}" : $"{Bind}:{Port}";
}
