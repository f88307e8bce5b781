using IstioTls.TestApiServer;
using ApiServer = IstioTls.TestApiServer.TestApiServer;

namespace IstioTls.Bench;

/// <summary>
/// One generated cluster of N Gateways served by the local API server, and the three contenders
/// run against it in alternating order, so that a slow moment of the machine does not fall on
/// one contender only.
/// </summary>
public static class Live
{
    public const string Seed = "seed check.sh";
    public const string KubectlGet = "kubectl get gw,vs,ef -A -o json";
    public const string Check = "kubectl istio-tls check -o json";

    public static async Task<IReadOnlyList<Summary>> RunAsync(int size, Options options, string aot, string seedScript, string work)
    {
        var largest = size == options.Sizes.Max();
        var seedRuns = largest && options.Sizes.Count > 1 ? options.SeedRunsAtLargest : options.Runs;
        Console.WriteLine($"live N={size}: starting the API server");
        await using var server = await ApiServer.StartAsync(new TestApiServerOptions
        {
            Generate = new ClusterGeneratorOptions { Gateways = size, Seed = 42 },
            RequestLogCapacity = 16,
        });
        var home = Path.Combine(work, $"home-{size}");
        Directory.CreateDirectory(home);
        var kubeconfig = server.WriteKubeconfig(Path.Combine(home, "kubeconfig"));
        var environment = new Dictionary<string, string>
        {
            ["KUBECONFIG"] = kubeconfig,
            ["HOME"] = home,
            ["NO_COLOR"] = "1",
        };
        var contenders = new (string Name, string Program, string[] Args, int Runs)[]
        {
            (Seed, "bash", [seedScript], seedRuns),
            (KubectlGet, "/usr/bin/kubectl", ["get", "gateways,virtualservices,envoyfilters", "-A", "-o", "json"], options.Runs),
            (Check, aot, ["check", "-o", "json", "--fail-on", "none"], options.Runs),
        };
        // One unmeasured run each warms kubectl's discovery cache and the server, as on a
        // laptop that ran kubectl before.
        foreach (var (name, program, args, runs) in contenders.Where(c => c.Runs > 0 && c.Name != Seed))
        {
            Measure.Run(program, args, environment);
        }
        var samples = contenders.ToDictionary(c => c.Name, _ => new List<Sample>());
        for (var round = 0; round < options.Runs; round++)
        {
            for (var i = 0; i < contenders.Length; i++)
            {
                var (name, program, args, runs) = contenders[(i + round) % contenders.Length];
                if (samples[name].Count >= runs)
                {
                    continue;
                }
                var sample = Measure.Run(program, args, environment);
                samples[name].Add(sample);
                Console.WriteLine($"  N={size,5} {name,-34} run {samples[name].Count}: {sample.Seconds,8:0.000} s {sample.PeakKilobytes / 1024.0,7:0.0} MB");
            }
        }
        return [.. contenders.Where(c => samples[c.Name].Count > 0).Select(c => new Summary(c.Name, size, samples[c.Name]))];
    }
}
