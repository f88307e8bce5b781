using IstioTls.Model;

namespace IstioTls.Analysis;

/// <summary>One Envoy listener of a gateway workload: servers on the same port number (and the
/// same bind address, when set) share it.</summary>
public readonly record struct Listener(int Port, string? Bind)
{
    public static Listener Of(Server server) => new(server.Port.Number, server.Bind);

    public override string ToString() => Bind is null ? $"port {Port}" : $"{Bind}:{Port}";
}
