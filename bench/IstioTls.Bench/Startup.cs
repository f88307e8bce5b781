namespace IstioTls.Bench;

/// <summary>Start-up cost: the AOT binary doing almost nothing, next to kubectl doing the same.</summary>
public static class Startup
{
    public static IReadOnlyList<Summary> Run(Options options, string aot, string root)
    {
        var example = Path.Combine(root, "examples", "seed", "error-1-two-gateways.yaml");
        var environment = new Dictionary<string, string> { ["NO_COLOR"] = "1" };
        var version = SupportsVersionCommand(aot, environment) ? new[] { "version" } : ["--version"];
        var contenders = new (string Name, string Program, string[] Args)[]
        {
            ($"kubectl-istio_tls {string.Join(' ', version)}", aot, version),
            ("kubectl-istio_tls check -f <seed example 1>", aot, ["check", "-f", example, "-o", "json"]),
            ("kubectl version --client", "/usr/bin/kubectl", ["version", "--client"]),
        };
        var samples = contenders.ToDictionary(c => c.Name, _ => new List<Sample>());
        for (var run = 0; run < options.StartupRuns; run++)
        {
            foreach (var (name, program, args) in contenders)
            {
                samples[name].Add(Measure.Run(program, args, environment));
            }
        }
        foreach (var (name, _, _) in contenders)
        {
            var summary = new Summary(name, 0, samples[name]);
            Console.WriteLine($"  start-up {name,-44} median {summary.Median * 1000,6:0.0} ms {summary.MedianPeakMegabytes,6:0.0} MB");
        }
        return [.. contenders.Select(c => new Summary(c.Name, 0, samples[c.Name]))];
    }

    private static bool SupportsVersionCommand(string aot, IReadOnlyDictionary<string, string> environment)
    {
        try
        {
            return Measure.Run(aot, ["version"], environment).ExitCode == 0;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }
}
