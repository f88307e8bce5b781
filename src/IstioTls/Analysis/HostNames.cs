namespace IstioTls.Analysis;

/// <summary>
/// The two ways names match, which differ on purpose:
/// <list type="bullet">
/// <item>a certificate name covers a host as browsers check it (RFC 6125 6.4.3): case-insensitive,
/// and a wildcard <c>*.example.com</c> stands for exactly one left-most label, so it covers
/// <c>a.example.com</c> but neither <c>example.com</c> nor <c>a.b.example.com</c>;</item>
/// <item>a server host serves a name as Istio and Envoy match it: <c>*</c> serves everything and
/// <c>*.example.com</c> serves every name that ends in <c>.example.com</c>, at any depth.</item>
/// </list>
/// Names here are lower case, without a trailing dot (<see cref="Normalize"/>). A "name" may
/// itself be a wildcard (a server host <c>*.example.com</c>, a certificate name): it then stands
/// for the set of names it matches.
/// </summary>
public static class HostNames
{
    public static string Normalize(string name) => name.TrimEnd('.').ToLowerInvariant();

    /// <summary>RFC 6125: does the certificate name <paramref name="san"/> cover the DNS name
    /// <paramref name="host"/> (not a wildcard)?</summary>
    public static bool Covers(string san, string host)
    {
        san = Normalize(san);
        host = Normalize(host);
        if (WildcardSuffix(san) is not { } suffix)
        {
            return san.Length > 0 && san == host;
        }
        // Exactly one non-empty label in front of the suffix.
        return host.Length > suffix.Length + 1
            && host.EndsWith("." + suffix, StringComparison.Ordinal)
            && host.IndexOf('.', StringComparison.Ordinal) == host.Length - suffix.Length - 1;
    }

    /// <summary>Istio/Envoy: does the server host <paramref name="pattern"/> serve every name that
    /// <paramref name="name"/> stands for?</summary>
    public static bool Serves(string pattern, string name)
    {
        pattern = Normalize(pattern);
        name = Normalize(name);
        if (pattern == "*")
        {
            return true;
        }
        if (WildcardSuffix(pattern) is not { } suffix)
        {
            return pattern == name;
        }
        var rest = WildcardSuffix(name) is { } nameSuffix ? "x." + nameSuffix : name;
        return rest.EndsWith("." + suffix, StringComparison.Ordinal);
    }

    /// <summary>Istio/Envoy: the names two host patterns both serve (a Gateway server's host and
    /// a VirtualService's, say), written as the narrower pattern; null when they share none.</summary>
    public static string? Shared(string a, string b)
    {
        if (Serves(a, b))
        {
            return Normalize(b);
        }
        return Serves(b, a) ? Normalize(a) : null;
    }

    /// <summary>
    /// The names that the certificate name <paramref name="san"/> covers and the server host
    /// <paramref name="host"/> serves, written as one name (the SAN itself, or the host when it is
    /// the narrower), or null when there are none.
    /// </summary>
    public static string? Overlap(string san, string host)
    {
        san = Normalize(san);
        host = Normalize(host);
        if (WildcardSuffix(host) is null && host != "*")
        {
            return Covers(san, host) ? host : null;
        }
        // A wildcard server host: every name the SAN covers that the host serves. A wildcard SAN
        // covers one label under its suffix, all served when the host serves one such name.
        return Serves(host, san) ? san : null;
    }

    /// <summary>Whether the name is <c>*.suffix</c>; <c>*</c> alone is no certificate wildcard.</summary>
    public static bool IsWildcard(string name) => WildcardSuffix(Normalize(name)) is not null;

    private static string? WildcardSuffix(string name) =>
        name.StartsWith("*.", StringComparison.Ordinal) && name.Length > 2 ? name[2..] : null;
}
