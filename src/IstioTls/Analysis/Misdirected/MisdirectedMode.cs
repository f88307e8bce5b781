namespace IstioTls.Analysis.Misdirected;

/// <summary>How the 421 filter decides that a request is misdirected.</summary>
public enum MisdirectedMode
{
    /// <summary>The request's host is not the TLS SNI host: independent of the Gateways, as the
    /// seed's snippet, but it also answers 421 between two hosts of one server.</summary>
    Strict,

    /// <summary>The request's host is not served by the server the SNI selected while another
    /// server on the port serves it: needs the Gateways' hosts, so it goes stale when they change.</summary>
    Precise,
}

public static class MisdirectedModes
{
    public static string ToName(this MisdirectedMode mode) => mode == MisdirectedMode.Precise ? "precise" : "strict";

    public static bool TryParse(string? text, out MisdirectedMode mode)
    {
        switch (text?.ToLowerInvariant())
        {
            case "strict":
                mode = MisdirectedMode.Strict;
                return true;
            case "precise":
                mode = MisdirectedMode.Precise;
                return true;
            default:
                mode = default;
                return false;
        }
    }
}
