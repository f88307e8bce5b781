using System.Globalization;

namespace IstioTls.Probing;

/// <summary>Where the gateway listens: a host name or IP address and a port (443 unless given).</summary>
public sealed record ProbeAddress(string Host, int Port)
{
    public const int DefaultPort = 443;

    /// <summary>Reads <c>HOST</c>, <c>HOST:PORT</c>, <c>[IPv6]</c> or <c>[IPv6]:PORT</c>; null
    /// when the text is none of them.</summary>
    public static ProbeAddress? TryParse(string text)
    {
        if (string.IsNullOrWhiteSpace(text) || text.Any(char.IsWhiteSpace) || text.Contains('/', StringComparison.Ordinal))
        {
            return null;
        }
        string host;
        string? port = null;
        if (text.StartsWith('['))
        {
            var close = text.IndexOf(']', StringComparison.Ordinal);
            if (close < 2)
            {
                return null;
            }
            host = text[1..close];
            var rest = text[(close + 1)..];
            if (rest.Length > 0)
            {
                if (rest[0] != ':')
                {
                    return null;
                }
                port = rest[1..];
            }
            if (!System.Net.IPAddress.TryParse(host, out var ip) || ip.AddressFamily != System.Net.Sockets.AddressFamily.InterNetworkV6)
            {
                return null;
            }
        }
        else if (text.Count(c => c == ':') > 1)
        {
            // A bare IPv6 address: no port can follow without brackets.
            if (!System.Net.IPAddress.TryParse(text, out _))
            {
                return null;
            }
            host = text;
        }
        else
        {
            var colon = text.IndexOf(':', StringComparison.Ordinal);
            host = colon < 0 ? text : text[..colon];
            port = colon < 0 ? null : text[(colon + 1)..];
            if (host.Length == 0)
            {
                return null;
            }
        }
        if (port is null)
        {
            return new ProbeAddress(host, DefaultPort);
        }
        return int.TryParse(port, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number is > 0 and <= 65535
            ? new ProbeAddress(host, number)
            : null;
    }

    public override string ToString() => Host.Contains(':', StringComparison.Ordinal) ? $"[{Host}]:{Port}" : $"{Host}:{Port}";
}
