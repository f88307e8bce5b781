using IstioTls.TestApiServer;
using IstioTls.Tests.Support;

namespace IstioTls.IntegrationTests.Support;

/// <summary>
/// A local API server with a kubeconfig written for it, and the CLI run against it with its own
/// HOME so that nothing of the machine's ~/.kube leaks in.
/// </summary>
public sealed class LiveCluster : IAsyncDisposable
{
    private LiveCluster(TestApiServer.TestApiServer server, string directory)
    {
        Server = server;
        Directory = directory;
        KubeconfigPath = Path.Combine(directory, "kubeconfig");
    }

    public TestApiServer.TestApiServer Server { get; }

    public string Directory { get; }

    public string KubeconfigPath { get; }

    /// <summary>The Deployments of the gateway workloads that the example Gateways select.</summary>
    public const string ExampleWorkloads = "tests/IstioTls.IntegrationTests/Fixtures/seed-gateway-workloads.yaml";

    public static async Task<LiveCluster> StartAsync(Action<TestApiServerOptions>? configure = null, params string[] seeds)
    {
        var options = new TestApiServerOptions();
        foreach (var seed in seeds)
        {
            options.SeedPaths.Add(Path.IsPathRooted(seed) ? seed : Path.Combine(Repo.Root, seed));
        }
        if (seeds.Any(s => s.StartsWith("examples", StringComparison.Ordinal)))
        {
            // A cluster that serves the example Gateways runs their gateway pods too.
            options.SeedPaths.Add(Path.Combine(Repo.Root, ExampleWorkloads));
        }
        configure?.Invoke(options);
        var server = await TestApiServer.TestApiServer.StartAsync(options);
        var cluster = new LiveCluster(server, System.IO.Directory.CreateTempSubdirectory("istio-tls-live-").FullName);
        cluster.WriteKubeconfig();
        return cluster;
    }

    /// <summary>Rewrites the kubeconfig after contexts were added.</summary>
    public void WriteKubeconfig() => Server.WriteKubeconfig(KubeconfigPath);

    public CliResult Check(params string[] args) => Run(["check", "--kubeconfig", KubeconfigPath, .. args]);

    public CliResult Run(string[] args, IDictionary<string, string?>? environment = null)
    {
        var env = new Dictionary<string, string?> { ["HOME"] = Directory, ["KUBECONFIG"] = null };
        foreach (var (key, value) in environment ?? new Dictionary<string, string?>())
        {
            env[key] = value;
        }
        return Cli.Run(args, environment: env);
    }

    public async ValueTask DisposeAsync()
    {
        await Server.DisposeAsync();
        System.IO.Directory.Delete(Directory, recursive: true);
    }
}
