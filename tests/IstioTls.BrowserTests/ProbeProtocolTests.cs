using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using IstioTls.BrowserTests.Support;
using IstioTls.Tests.Support;
using Xunit.Abstractions;

namespace IstioTls.BrowserTests;

/// <summary>
/// The probe's protocol against a real third-party HTTP/2 server (Debian's nginx, no stand-in):
/// one connection carries both requests as HTTP/2 streams, the path and headers asked for are
/// sent, HTTP/1.1 is no-h2, and every way a connection fails is unreachable with its cause.
/// </summary>
public sealed class ProbeProtocolTests(ITestOutputHelper output)
{
    private const string A = "a.probe.test";
    private const string B = "b.probe.test";

    [Fact]
    public void Both_requests_are_streams_of_one_HTTP2_connection_with_the_SNI_of_the_first_host()
    {
        using var nginx = new PlainNginx(TestCertificates.Create([A, B]), http2: true);

        var probe = Probe.Run(nginx.Port, [A, B], "--path", "/healthz", "--header", "X-Probe: yes, really", "--header", "Accept: */*");
        output.WriteLine(probe.Output);

        Assert.Equal(0, probe.ExitCode);
        Assert.Equal(
            [(A, B, 204, 204, "served", "reused"), (B, A, 204, 204, "served", "reused")],
            probe.Pairs.Select(p => (p.Sni, p.Authority, p.Status ?? 0, p.BaselineStatus ?? 0, p.Verdict, p.Connection)));
        var requests = nginx.Requests();
        Assert.All(requests, r => Assert.Equal(("/healthz", "HTTP/2.0", "yes, really"), (r[4], r[5], r[6])));
        var bySni = requests.Where(r => r[1] == A).GroupBy(r => r[0]).Select(g => string.Join(",", g.Select(r => r[2]))).Order().ToList();
        // Pair (A, B): A then B on one connection; pair (B, A): A's baseline on a connection of its own.
        Assert.Equal([A, $"{A},{B}"], bySni);
    }

    [Fact]
    public void A_server_without_HTTP2_is_no_h2()
    {
        using var nginx = new PlainNginx(TestCertificates.Create([A, B]), http2: false);

        var probe = Probe.Run(nginx.Port, [A, B]);
        output.WriteLine(probe.Output);

        Assert.Equal(0, probe.ExitCode);
        Assert.All(probe.Pairs, p => Assert.Equal(("no-h2", "separate", null), (p.Verdict, p.Connection, p.Status)));
        Assert.Equal($"the gateway chose http/1.1 for {A}: browsers reuse only HTTP/2 connections", probe.Pair(A, B).Cause);
        Assert.Empty(nginx.Requests());
    }

    [Fact]
    public void A_certificate_for_one_host_is_not_coalescable_one_way_and_unverifiable_the_other()
    {
        using var nginx = new PlainNginx(TestCertificates.Create([A]), http2: true);

        var probe = Probe.Run(nginx.Port, [A, B]);
        output.WriteLine(probe.Output);

        Assert.Equal(2, probe.ExitCode);
        Assert.Equal(("not-coalescable", $"the certificate for {A} does not name {B}: browsers open a connection of its own"), (probe.Pair(A, B).Verdict, probe.Pair(A, B).Cause));
        Assert.Equal(("unreachable", "none", $"TLS with SNI {B}: the certificate does not name {B}"), (probe.Pair(B, A).Verdict, probe.Pair(B, A).Connection, probe.Pair(B, A).Cause));
    }

    [Fact]
    public void A_certificate_of_another_CA_is_refused_unless_verification_is_skipped()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={A}", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName(A);
        names.AddDnsName(B);
        request.CertificateExtensions.Add(names.Build());
        using var selfSigned = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
        var certificate = new TestCertificate(selfSigned.ExportCertificatePem() + "\n", key.ExportPkcs8PrivateKeyPem(), "");
        using var nginx = new PlainNginx(certificate, http2: true);

        var verified = Probe.Run(nginx.Port, [A, B]);
        output.WriteLine(verified.Output);
        Assert.Equal(2, verified.ExitCode);
        Assert.All(verified.Pairs, p => Assert.Equal("unreachable", p.Verdict));
        Assert.StartsWith($"TLS with SNI {A}: the certificate is not signed by a CA of ", verified.Pair(A, B).Cause, StringComparison.Ordinal);

        var unverified = Cli.Run(["probe", "--address", $"127.0.0.1:{nginx.Port}", "--host", A, "--host", B, "--insecure-skip-tls-verify", "-o", "json"]);
        output.WriteLine(unverified.Stdout + unverified.Stderr);
        Assert.Equal(0, unverified.ExitCode);
        Assert.Contains("\"verdict\": \"served\"", unverified.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Nothing_listening_is_unreachable_with_the_cause_and_exit_2()
    {
        var port = PlainNginx.FreePort();

        var probe = Probe.Run(port, [A, B]);
        output.WriteLine(probe.Output);

        Assert.Equal(2, probe.ExitCode);
        Assert.All(probe.Pairs, p => Assert.Equal(("unreachable", "none"), (p.Verdict, p.Connection)));
        Assert.Equal($"connect to 127.0.0.1:{port}: Connection refused", probe.Pair(A, B).Cause);
    }

    [Fact]
    public void A_server_that_accepts_and_says_nothing_times_out()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;

        var probe = Probe.Run(port, [A, B], "--timeout", "300ms");
        output.WriteLine(probe.Output);

        Assert.Equal(2, probe.ExitCode);
        Assert.All(probe.Pairs, p => Assert.Equal($"TLS with SNI {p.Sni}: no answer within 300ms", p.Cause));
    }
}
