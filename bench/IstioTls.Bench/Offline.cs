using IstioTls.TestApiServer;

namespace IstioTls.Bench;

/// <summary><c>check -f</c> on generated manifest files (Gateways, VirtualServices, pods).</summary>
public static class Offline
{
    public const string Contender = "kubectl istio-tls check -f DIR -o json";

    public static Summary Run(int size, Options options, string aot, string work)
    {
        var directory = Path.Combine(work, $"manifests-{size}");
        ClusterGenerator.Generate(new ClusterGeneratorOptions { Gateways = size, Seed = 42 }).WriteManifests(directory);
        var args = new[] { "check", "-f", directory, "-o", "json", "--fail-on", "none" };
        var environment = new Dictionary<string, string> { ["NO_COLOR"] = "1" };
        Measure.Run(aot, args, environment);
        var samples = new List<Sample>();
        for (var run = 0; run < options.Runs; run++)
        {
            var sample = Measure.Run(aot, args, environment);
            samples.Add(sample);
            Console.WriteLine($"  offline N={size,6} run {run + 1}: {sample.Seconds,8:0.000} s {sample.PeakKilobytes / 1024.0,7:0.0} MB");
        }
        return new Summary(Contender, size, samples);
    }

    /// <summary>The exponent b of time ~ N^b, fitted by least squares on log-log: 1 is linear.</summary>
    public static double Slope(IReadOnlyList<Summary> summaries, Func<Summary, double> measure)
    {
        var points = summaries.Select(s => (X: Math.Log(s.Size), Y: Math.Log(measure(s)))).ToList();
        var meanX = points.Average(p => p.X);
        var meanY = points.Average(p => p.Y);
        return points.Sum(p => (p.X - meanX) * (p.Y - meanY)) / points.Sum(p => (p.X - meanX) * (p.X - meanX));
    }
}
