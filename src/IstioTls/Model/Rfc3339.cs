using System.Globalization;

namespace IstioTls.Model;

/// <summary>Times as Kubernetes writes them: UTC, seconds, a <c>Z</c>.</summary>
public static class Rfc3339
{
    public static string Format(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
