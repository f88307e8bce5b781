using System.Globalization;
using System.Runtime.InteropServices;

namespace IstioTls.TestApiServer;

/// <summary>
/// dotnet run --project tests/TestApiServer -- --seed PATH --kubeconfig OUT [--port N] ...
/// Prints one line containing "ready" once it serves; runs until SIGTERM or SIGINT.
/// </summary>
public static class Program
{
    const string Usage = """
        usage: IstioTls.TestApiServer [options]
          --seed PATH                manifest file or directory to load (repeatable)
          --kubeconfig OUT           where to write the kubeconfig (default ./kubeconfig)
          --port N                   port on 127.0.0.1 (default 0: any free port)
          --generate N               load a generated cluster with N Gateways
          --generate-seed S          seed of the generator (default 1)
          --write-manifests DIR      with --generate: write the generated manifests to DIR and exit
          --istio-versions LIST      served networking.istio.io versions, e.g. v1,v1beta1 or none
          --gateway-api-versions L   served gateway.networking.k8s.io versions, or none
          --kubernetes-version V     what /version reports (default v1.32.0)
          --legacy-discovery         do not serve aggregated discovery
          --admin-token TOKEN        token of user admin (default admin-token)
          --user NAME=TOKEN          add a token user with full access (repeatable)
          --latency-ms N             delay every request by N ms
          --fault SPEC               arm a fault, e.g. kind=Status,status=503,times=2,verb=list,resource=gateways
        """;

    public static async Task<int> Main(string[] args)
    {
        var options = new TestApiServerOptions();
        var kubeconfig = "kubeconfig";
        string? manifestsDir = null;
        var generateSeed = 1;
        int? generate = null;
        var users = new List<(string Name, string Token)>();
        var faults = new List<FaultRule>();
        var latency = 0;
        try
        {
            for (var i = 0; i < args.Length; i++)
            {
                string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
                switch (args[i])
                {
                    case "--seed": options.SeedPaths.Add(Value()); break;
                    case "--kubeconfig": kubeconfig = Value(); break;
                    case "--port": options.Port = int.Parse(Value(), CultureInfo.InvariantCulture); break;
                    case "--generate": generate = int.Parse(Value(), CultureInfo.InvariantCulture); break;
                    case "--generate-seed": generateSeed = int.Parse(Value(), CultureInfo.InvariantCulture); break;
                    case "--write-manifests": manifestsDir = Value(); break;
                    case "--istio-versions": options.IstioVersions = Versions(Value()); break;
                    case "--gateway-api-versions": options.GatewayApiVersions = Versions(Value()); break;
                    case "--kubernetes-version": options.KubernetesVersion = Value(); break;
                    case "--admin-token": options.AdminToken = Value(); break;
                    case "--legacy-discovery": options.AggregatedDiscovery = false; break;
                    case "--latency-ms": latency = int.Parse(Value(), CultureInfo.InvariantCulture); break;
                    case "--fault": faults.Add(FaultRule.Parse(Value())); break;
                    case "--user":
                        var spec = Value();
                        var eq = spec.IndexOf('=', StringComparison.Ordinal);
                        users.Add(eq > 0 ? (spec[..eq], spec[(eq + 1)..]) : throw new ArgumentException("--user needs NAME=TOKEN"));
                        break;
                    case "-h" or "--help":
                        Console.WriteLine(Usage);
                        return 0;
                    default:
                        throw new ArgumentException($"unknown argument {args[i]}");
                }
            }
        }
        catch (Exception e) when (e is ArgumentException or FormatException)
        {
            await Console.Error.WriteLineAsync($"error: {e.Message}\n{Usage}").ConfigureAwait(false);
            return 2;
        }

        if (generate is int count)
        {
            options.Generate = new ClusterGeneratorOptions { Gateways = count, Seed = generateSeed };
            if (manifestsDir is not null)
            {
                var cluster = ClusterGenerator.Generate(options.Generate);
                var files = cluster.WriteManifests(manifestsDir);
                Console.WriteLine($"wrote {files.Count} files to {Path.GetFullPath(manifestsDir)}: {ClusterGenerator.Describe(cluster)}");
                return 0;
            }
        }
        else if (manifestsDir is not null)
        {
            await Console.Error.WriteLineAsync("error: --write-manifests needs --generate N").ConfigureAwait(false);
            return 2;
        }

        using var stop = new CancellationTokenSource();
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
        void Stop(PosixSignalContext context)
        {
            context.Cancel = true;
            stop.Cancel();
        }

        TestApiServer started;
        try
        {
            started = await TestApiServer.StartAsync(options, stop.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or FormatException or ArgumentException)
        {
            await Console.Error.WriteLineAsync($"error: {e.Message}").ConfigureAwait(false);
            return 1;
        }
        await using var server = started;
        foreach (var (name, token) in users)
        {
            server.Users.AddTokenUser(name, token);
            server.Kubeconfig.AddUserContext(name, server.Users[name]!);
        }
        foreach (var fault in faults)
        {
            server.Faults.Add(fault);
        }
        server.Faults.Latency = TimeSpan.FromMilliseconds(latency);
        var path = server.WriteKubeconfig(kubeconfig);
        if (server.SkippedSeeds.Count > 0)
        {
            Console.Error.WriteLine($"skipped {server.SkippedSeeds.Count} seed objects of kinds this server does not serve: {string.Join(", ", server.SkippedSeeds)}");
        }
        Console.WriteLine($"ready {server.BaseAddress} kubeconfig={path}");
        await Console.Out.FlushAsync(CancellationToken.None).ConfigureAwait(false);
        try
        {
            await Task.Delay(Timeout.Infinite, stop.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // SIGTERM or SIGINT: shut down cleanly.
        }
        return 0;
    }

    static string[] Versions(string list) =>
        list is "none" or "" ? [] : list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
