using System.Globalization;

namespace IstioTls.BrowserTests.Support;

/// <summary>
/// One request as the stand-in logged it: nginx's connection serial number (the same for every
/// stream of one HTTP/2 connection), the TLS SNI, the <c>:authority</c>, the status and the path.
/// </summary>
public sealed record LoggedRequest(long Connection, string Sni, string Authority, int Status, string Uri, string Protocol)
{
    /// <summary>The host of the <c>:authority</c>, without the port.</summary>
    public string Host => Authority.Split(':')[0];

    /// <summary>The browser run the request belongs to (the run argument the test put in the URLs).</summary>
    public string? Run => Uri.Split('?', 2) is [_, var query]
        ? query.Split('&').Select(p => p.Split('=', 2)).Where(p => p[0] == "run").Select(p => p[1]).FirstOrDefault()
        : null;

    public const string Format = "$connection|$ssl_server_name|$http_host|$status|$request_uri|$server_protocol";

    public static LoggedRequest Parse(string line)
    {
        var fields = line.Split('|');
        // nginx logs an empty variable (no SNI) as "-".
        return new LoggedRequest(long.Parse(fields[0], CultureInfo.InvariantCulture), fields[1] == "-" ? "" : fields[1], fields[2], int.Parse(fields[3], CultureInfo.InvariantCulture), fields[4], fields[5]);
    }

    public override string ToString() => $"connection {Connection}  SNI {Sni}  :authority {Authority}  {Status}  {Protocol}  {Uri}";
}
