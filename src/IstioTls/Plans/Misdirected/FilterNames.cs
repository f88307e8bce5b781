using System.Security.Cryptography;
using System.Text;
using IstioTls.Model;

namespace IstioTls.Plans.Misdirected;

/// <summary>
/// The EnvoyFilter's name, from the workload selector alone, so that a re-run, <c>--delete</c>
/// and <c>check</c> find the same object: <c>istio=ingressgateway</c> gives
/// <c>istio-tls-421-istio-ingressgateway</c>. A selector that does not fit a DNS label as it is
/// gets a hash suffix, so that two selectors never share a name.
/// </summary>
public static class FilterNames
{
    private const string Prefix = "istio-tls-421-";
    private const int MaxLength = 63;

    public static string For(LabelSet selector)
    {
        var readable = string.Join('-', selector.Select(p => $"{p.Key}-{p.Value}"));
        var slug = Slug(readable);
        if (slug == readable && Prefix.Length + slug.Length <= MaxLength)
        {
            return Prefix + slug;
        }
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(selector.ToString())))[..10];
        var room = MaxLength - Prefix.Length - hash.Length - 1;
        var cut = slug.Length > room ? slug[..room].TrimEnd('-') : slug;
        return cut.Length == 0 ? Prefix + hash : $"{Prefix}{cut}-{hash}";
    }

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
