using System.Globalization;

namespace IstioTls.BrowserTests.Support;

/// <summary>
/// Requests as the Gateway API conformance suite sends them: HTTP/2 over TLS with a chosen SNI
/// and a chosen Host (curl sends the Host header as :authority), all requests of one SNI over one
/// connection (one curl run; --next keeps its connection cache), the certificate verified
/// against the test CA. Without an SNI, curl connects to 127.0.0.1 by address and sends none (and
/// cannot verify a name); without verify, no certificate check either.
/// </summary>
public static class Curl
{
    public static IReadOnlyList<int> Send(int port, string? sni, IReadOnlyList<string> hosts, string path, bool verify = true)
    {
        var result = Run(port, sni, hosts, path, verify);
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"curl exit {result.ExitCode}: {result.Stderr}");
        }
        return [.. result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(s => int.Parse(s, CultureInfo.InvariantCulture))];
    }

    public static ProcessResult Run(int port, string? sni, IReadOnlyList<string> hosts, string path, bool verify = true)
    {
        using var directory = new TempDirectory("curl");
        var ca = directory.File("ca.pem");
        File.WriteAllText(ca, TestCa.Pem);
        var arguments = new List<string>();
        foreach (var host in hosts)
        {
            if (arguments.Count > 0)
            {
                arguments.Add("--next");
            }
            arguments.AddRange(["--silent", "--show-error", "--http2", "--max-time", "10", "-H", $"Host: {host}", "-o", "/dev/null", "-w", "%{http_code}\\n"]);
            arguments.AddRange(sni is null
                ? ["--insecure", $"https://127.0.0.1:{port}{path}"]
                : [.. verify ? ["--cacert", ca] : new[] { "--insecure" }, "--resolve", $"{sni}:{port}:127.0.0.1", $"https://{sni}:{port}{path}"]);
        }
        return BoundedProcess.Run("curl", arguments, TimeSpan.FromSeconds(30));
    }
}
