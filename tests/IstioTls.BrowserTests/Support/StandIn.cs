using System.Diagnostics;
using System.Net.Sockets;
using System.Text;
using IstioTls.Tests.Support;

namespace IstioTls.BrowserTests.Support;

/// <summary>
/// nginx playing the gateway's Envoy for one workload (see <see cref="StandInConfig"/> and
/// Lua/standin.lua): started from the model of the Gateways, stopped (killed) on dispose; every
/// request is logged, and <see cref="Requests"/> reads that log.
/// </summary>
public sealed class StandIn : IDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(10);

    /// <summary>Far longer than any test needs it.</summary>
    private static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(5);

    private readonly TempDirectory directory = new("standin");
    private readonly Process process;
    private readonly IReadOnlyDictionary<int, int> ports;

    private StandIn(IReadOnlyList<Listener> listeners, IReadOnlyDictionary<int, int> ports, IReadOnlyList<EnvoyLuaFilter> filters, IReadOnlyDictionary<string, TestCertificate> certificates)
    {
        this.ports = ports;
        try
        {
            var certificateFiles = new Dictionary<string, string>();
            foreach (var (credential, certificate) in certificates)
            {
                var stem = directory.File($"certificate-{certificateFiles.Count + 1}");
                File.WriteAllText(stem + ".pem", certificate.CertificatePem);
                File.WriteAllText(stem + ".key", certificate.KeyPem);
                certificateFiles[credential] = stem;
            }
            // INSERT_FIRST puts each filter before the ones already there: the last applied runs first.
            var filterFiles = listeners.ToDictionary(l => l.Port, l => (IReadOnlyList<string>)[.. filters
                .Where(f => f.PortNumber is null || f.PortNumber == ports[l.Port])
                .Reverse()
                .Select((f, i) => Write($"filter-{l.Port}-{i + 1}.lua", f.Source))]);
            Write("standin_config.lua", StandInConfig.Lua(listeners, filterFiles));
            var conf = Write("nginx.conf", StandInConfig.Nginx(directory.Path, listeners, ports, certificateFiles, Path.Combine(AppContext.BaseDirectory, "Lua")));
            directory.Directory("body");
            File.WriteAllText(directory.File("requests.log"), "");
            // Under timeout: should the test host die before Dispose, nginx does not outlive it by long.
            process = Process.Start(new ProcessStartInfo("timeout", ["--signal=KILL", $"{(int)Lifetime.TotalSeconds}", "nginx", "-p", directory.Path, "-c", conf, "-e", directory.File("error.log")])
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

    /// <summary>The loopback port the stand-in serves a Gateway port on (Envoy's listener port).</summary>
    public int Port(int gatewayPort) => ports[gatewayPort];

    public IReadOnlyList<LoggedRequest> Requests() =>
        [.. File.ReadAllLines(directory.File("requests.log")).Where(l => l.Length > 0).Select(LoggedRequest.Parse)];

    public string ErrorLog() => File.Exists(directory.File("error.log")) ? File.ReadAllText(directory.File("error.log")) : "";

    /// <summary>A free loopback port for each Gateway port, known before the filters are generated
    /// (the precise filter names the listener port).</summary>
    public static IReadOnlyDictionary<int, int> AllocatePorts(IEnumerable<Listener> listeners) =>
        listeners.ToDictionary(l => l.Port, _ => FreePort());

    public static StandIn Start(IReadOnlyList<Listener> listeners, IReadOnlyDictionary<int, int> ports, IReadOnlyList<EnvoyLuaFilter> filters, IReadOnlyDictionary<string, TestCertificate> certificates) =>
        new(listeners, ports, filters, certificates);

    private string Write(string name, string text)
    {
        var path = directory.File(name);
        File.WriteAllText(path, text, new UTF8Encoding(false));
        return path;
    }

    private void WaitUntilListening()
    {
        var deadline = DateTime.UtcNow + StartTimeout;
        foreach (var port in ports.Values)
        {
            while (true)
            {
                if (process.HasExited)
                {
                    throw new InvalidOperationException($"nginx exited with {process.ExitCode}: {process.StandardError.ReadToEnd()} {ErrorLog()}");
                }
                try
                {
                    using var client = new TcpClient();
                    client.Connect("127.0.0.1", port);
                    break;
                }
                catch (SocketException) when (DateTime.UtcNow < deadline)
                {
                    Thread.Sleep(50);
                }
            }
        }
    }

    private static int FreePort()
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
