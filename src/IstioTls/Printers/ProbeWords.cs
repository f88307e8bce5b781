using IstioTls.Probing;

namespace IstioTls.Printers;

/// <summary>The words both probe printers use.</summary>
internal static class ProbeWords
{
    public static string Connection(PairConnection connection) => connection switch
    {
        PairConnection.Reused => "reused",
        PairConnection.Separate => "separate",
        _ => "none",
    };

    public static string Address(ProbeGroup group) => group.Tunnel?.Target ?? group.Address?.ToString() ?? "each host's own name, port 443";
}
