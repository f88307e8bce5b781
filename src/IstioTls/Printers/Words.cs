namespace IstioTls.Printers;

/// <summary>Counted nouns for summary lines: "1 Gateway", "2 Gateways".</summary>
internal static class Words
{
    public static string Count(int n, string noun) => $"{n} {noun}{(n == 1 ? "" : "s")}";
}
