using System.Diagnostics;
using System.Net.Sockets;
using IstioTls.Tests.Support;

namespace IstioTls.BrowserTests.Support;

/// <summary>
/// Debian's nginx as a plain HTTP/2 server, no Lua, no stand-in: one TLS server on a loopback
/// port with one certificate, answering 200 on every host (204 on /healthz), HTTP/2 on or off.
/// The third-party server the probe's protocol is tested against. Every request is logged with
/// its connection, SNI, host, status, path, protocol and the x-probe header.
/// </summary>
public sealed class PlainNginx : IDisposable
{
    private readonly TempDirectory directory = new("nginx");
    private readonly Process process;

    public PlainNginx(TestCertificate certificate, bool http2)
    {
        Port = FreePort();
        try
        {
            File.WriteAllText(directory.File("server.pem"), certificate.CertificatePem);
            File.WriteAllText(directory.File("server.key"), certificate.KeyPem);
            File.WriteAllText(directory.File("requests.log"), "");
            directory.Directory("body");
            var conf = directory.File("nginx.conf");
            File.WriteAllText(conf, $$"""
                daemon off;
                master_process off;
                worker_processes 1;
                pid {{directory.Path}}/nginx.pid;
                error_log {{directory.Path}}/error.log notice;
                events { worker_connections 64; }
                http {
                  client_body_temp_path {{directory.Path}}/body;
                  log_format plain '$connection|$ssl_server_name|$http_host|$status|$request_uri|$server_protocol|$http_x_probe';
                  server {
                    listen 127.0.0.1:{{Port}} ssl{{(http2 ? " http2" : "")}};
                    ssl_certificate {{directory.Path}}/server.pem;
                    ssl_certificate_key {{directory.Path}}/server.key;
                    access_log {{directory.Path}}/requests.log plain;
                    location = /healthz { return 204; }
                    location / { return 200 "ok\n"; }
                  }
                }
                """);
            process = Process.Start(new ProcessStartInfo("timeout", ["--signal=KILL", "300", "nginx", "-p", directory.Path, "-c", conf, "-e", directory.File("error.log")])
            {
                UseShellExecute = false,
                RedirectStandardError = true,
                RedirectStandardOutput = true,
            }) ?? throw new InvalidOperationException("nginx did not start");
            WaitUntilListening();
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    public int Port { get; }

    /// <summary>The log: connection, SNI, host, status, path, protocol, x-probe.</summary>
    public IReadOnlyList<string[]> Requests() =>
        [.. File.ReadAllLines(directory.File("requests.log")).Where(l => l.Length > 0).Select(l => l.Split('|'))];

    private void WaitUntilListening()
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (true)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"nginx exited with {process.ExitCode}: {process.StandardError.ReadToEnd()}");
            }
            try
            {
                using var client = new TcpClient();
                client.Connect("127.0.0.1", Port);
                return;
            }
            catch (SocketException) when (DateTime.UtcNow < deadline)
            {
                Thread.Sleep(50);
            }
        }
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }

    public void Dispose()
    {
        if (process is { HasExited: false })
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit(TimeSpan.FromSeconds(5));
        }
        process?.Dispose();
        directory.Dispose();
    }
}
