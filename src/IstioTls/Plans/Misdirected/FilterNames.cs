using System.Security.Cryptography;
using System.Text;
using IstioTls.Model;

namespace IstioTls.Plans.Misdirected;

/// <summary>
/// The EnvoyFilter's name, from the workload selector alone, so that a re-run, <c>--delete</c>
/// and <c>check</c> find the same object: <c>istio=ingressgateway</c> gives
/// <c>istio-tls-421-istio-ingressgateway</c>, and a Gateway API Gateway's pods
/// (<c>gateway.networking.k8s.io/gateway-name=store</c>) give <c>istio-tls-421-store</c>. A
/// selector that does not fit a DNS label as it is gets a hash suffix, so that two selectors
/// never share a name; so do two selectors whose readable names meet (<see cref="Hashed"/>).
/// </summary>
public static class FilterNames
{
    private const string Prefix = "istio-tls-421-";
    private const int MaxLength = 63;

    public static string For(LabelSet selector)
    {
        var readable = Readable(selector);
        var slug = Slug(readable);
        return slug == readable && Prefix.Length + slug.Length <= MaxLength ? Prefix + slug : Hashed(selector);
    }

    /// <summary>The name with the selector's hash, for a selector whose readable name another
    /// selector of the same namespace has too (a Gateway API Gateway called
    /// <c>istio-ingressgateway</c> beside <c>istio=ingressgateway</c>).</summary>
    public static string Hashed(LabelSet selector)
    {
        var slug = Slug(Readable(selector));
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(selector.ToString())))[..10];
        var room = MaxLength - Prefix.Length - hash.Length - 1;
        var cut = slug.Length > room ? slug[..room].TrimEnd('-') : slug;
        return cut.Length == 0 ? Prefix + hash : $"{Prefix}{cut}-{hash}";
    }

    // A Gateway API Gateway's pods go by its name; other selectors by their pairs.
    private static string Readable(LabelSet selector) =>
        selector.Count == 1 && selector.Single() is { Key: Gateway.GatewayNameLabel } only
            ? only.Value
            : string.Join('-', selector.Select(p => $"{p.Key}-{p.Value}"));

    // Lower case letters, digits and single dashes, as a DNS label wants them.
    private static string Slug(string text)
    {
        var slug = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            if (c is >= 'a' and <= 'z' or >= '0' and <= '9')
            {
                slug.Append(c);
            }
            else if (c is >= 'A' and <= 'Z')
            {
                slug.Append((char)(c + 32));
            }
            else if (slug.Length > 0 && slug[^1] != '-')
            {
                slug.Append('-');
            }
        }
        return slug.ToString().TrimEnd('-');
    }
}
