namespace IstioTls.Model;

/// <summary>Istio's ServerTLSSettings.TLSmode. The proto's zero value is PASSTHROUGH, so a
/// server whose tls block has no mode is a passthrough server.</summary>
public enum TlsMode
{
    Passthrough,
    Simple,
    Mutual,
    AutoPassthrough,
    IstioMutual,
    OptionalMutual,
}

public static class TlsModes
{
    public static string ToIstioName(this TlsMode mode) => mode switch
    {
        TlsMode.Passthrough => "PASSTHROUGH",
        TlsMode.Simple => "SIMPLE",
        TlsMode.Mutual => "MUTUAL",
        TlsMode.AutoPassthrough => "AUTO_PASSTHROUGH",
        TlsMode.IstioMutual => "ISTIO_MUTUAL",
        TlsMode.OptionalMutual => "OPTIONAL_MUTUAL",
        _ => throw new ArgumentOutOfRangeException(nameof(mode)),
    };

    public static bool TryParse(string value, out TlsMode mode)
    {
        switch (value.ToUpperInvariant())
        {
            case "PASSTHROUGH": mode = TlsMode.Passthrough; return true;
            case "SIMPLE": mode = TlsMode.Simple; return true;
            case "MUTUAL": mode = TlsMode.Mutual; return true;
            case "AUTO_PASSTHROUGH": mode = TlsMode.AutoPassthrough; return true;
            case "ISTIO_MUTUAL": mode = TlsMode.IstioMutual; return true;
            case "OPTIONAL_MUTUAL": mode = TlsMode.OptionalMutual; return true;
            default: mode = default; return false;
        }
    }

    /// <summary>Envoy terminates TLS with a certificate a browser can pool on: SIMPLE, MUTUAL,
    /// OPTIONAL_MUTUAL. ISTIO_MUTUAL uses the mesh identity (no DNS names); passthrough modes
    /// never terminate.</summary>
    public static bool TerminatesWithServerCertificate(this TlsMode mode) =>
        mode is TlsMode.Simple or TlsMode.Mutual or TlsMode.OptionalMutual;
}
