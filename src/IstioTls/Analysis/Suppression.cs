using IstioTls.Model;

namespace IstioTls.Analysis;

/// <summary>
/// <c>istio-tls.io/ignore: "SharedCertificate,DuplicateHost"</c> (or <c>"*"</c>) on a Gateway
/// leaves the findings that involve it out of the result, as istioctl's
/// <c>galley.istio.io/analyze-suppress</c> does; they are counted as suppressed. On an
/// EnvoyFilter it leaves out the findings about that filter.
/// </summary>
public static class Suppression
{
    public const string Annotation = "istio-tls.io/ignore";

    public static bool IsSuppressed(Finding finding) =>
        finding.Servers.Select(s => s.Gateway).Distinct().Any(g => Ignores(g.Meta, finding.Code))
        || (finding.Detail is MisdirectedFilterDetail about && Ignores(about.Filter.Meta, finding.Code));

    private static bool Ignores(ObjectMeta meta, string code)
    {
        if (!meta.Annotations.TryGetValue(Annotation, out var value))
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
