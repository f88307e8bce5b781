namespace IstioTls.Model;

/// <summary>A Gateway server's <c>port</c>: number, protocol and name as written.</summary>
public sealed record ServerPort(int Number, string Protocol, string Name)
{
    public bool IsHttps => string.Equals(Protocol, "HTTPS", StringComparison.OrdinalIgnoreCase);

    public bool IsTls => string.Equals(Protocol, "TLS", StringComparison.OrdinalIgnoreCase);
}
