using System.Text.Json.Nodes;

namespace IstioTls.Model;

/// <summary>An Istio <c>networking.istio.io</c> Gateway.</summary>
public sealed class Gateway
{
    public required string ApiVersion { get; init; }

    public required ObjectMeta Meta { get; init; }

    /// <summary><c>spec.selector</c>: the labels of the gateway pods this Gateway applies to.</summary>
    public required LabelSet Selector { get; init; }

    public IReadOnlyList<Server> Servers { get; private set; } = [];

    public required SourceLocation Source { get; init; }

    /// <summary>The object as read, every field kept, so that a plan can write it back whole.</summary>
    public required JsonObject Raw { get; init; }

    public string Key => Meta.Key;

    internal void SetServers(IReadOnlyList<Server> servers) => Servers = servers;

    public override string ToString() => $"Gateway {Key}";
}

/// <summary>One entry of a Gateway's <c>spec.servers</c>.</summary>
public sealed class Server
{
    public required Gateway Gateway { get; init; }

    /// <summary>0-based position in <c>spec.servers</c>.</summary>
    public required int Index { get; init; }

    public required ServerPort Port { get; init; }

    public string? Bind { get; init; }

    public required IReadOnlyList<ServerHost> Hosts { get; init; }

    public ServerTls? Tls { get; init; }

    public string? Name { get; init; }

    /// <summary>The mode as Envoy sees it: a missing tls block means plain text, a tls block
    /// without mode is PASSTHROUGH.</summary>
    public TlsMode? TlsMode => Tls?.Mode;

    /// <summary>Envoy terminates TLS for this server with a certificate browsers can reuse a
    /// connection on: protocol HTTPS and mode SIMPLE, MUTUAL or OPTIONAL_MUTUAL.</summary>
    public bool TerminatesHttps => Port.IsHttps && Tls is { } tls && tls.Mode.TerminatesWithServerCertificate();

    public string Key => $"{Gateway.Key}#{Index}";

    public override string ToString() => $"{Gateway.Key} server {Index}";
}
