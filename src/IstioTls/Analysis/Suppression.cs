using IstioTls.Model;

namespace IstioTls.Analysis;

/// <summary>
/// <c>istio-tls.io/ignore: "SharedCertificate,DuplicateHost"</c> (or <c>"*"</c>) on a Gateway
/// leaves the findings that involve it out of the result, as istioctl's
/// <c>galley.istio.io/analyze-suppress</c> does; they are counted as suppressed.
/// </summary>
public static class Suppression
{
    public const string Annotation = "istio-tls.io/ignore";

    public static bool IsSuppressed(Finding finding) =>
        finding.Servers.Select(s => s.Gateway).Distinct().Any(g => Ignores(g, finding.Code));

    private static bool Ignores(Gateway gateway, string code)
    {
        if (!gateway.Meta.Annotations.TryGetValue(Annotation, out var value))
        {
            return false;
        }
        foreach (var entry in value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            if (entry == "*" || string.Equals(entry, code, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }
        return false;
    }
}
