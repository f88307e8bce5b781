using System.Globalization;

namespace IstioTls.Bench;

/// <summary>The harness's flags; the defaults are the documented run.</summary>
public sealed record Options
{
    public string Aot { get; init; } = "artifacts/aot/kubectl-istio_tls";
    public IReadOnlyList<int> Sizes { get; init; } = [10, 100, 1000, 5000];
    public int Runs { get; init; } = 5;
    /// <summary>The seed's script makes two kubectl calls per Gateway: at the largest size it
    /// runs this many times only (0 skips it and extrapolates).</summary>
    public int SeedRunsAtLargest { get; init; } = 1;
    public IReadOnlyList<int> OfflineSizes { get; init; } = [1000, 10000, 50000];
    public int StartupRuns { get; init; } = 20;
    public string Out { get; init; } = "docs";
    public string SeedScript { get; init; } = "";

    public static Options Parse(string[] args)
    {
        var options = new Options();
        for (var i = 0; i < args.Length; i++)
        {
            string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            static int[] Ints(string text) => [.. text.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(t => int.Parse(t, CultureInfo.InvariantCulture))];
            options = args[i] switch
            {
                "--aot" => options with { Aot = Value() },
                "--sizes" => options with { Sizes = Ints(Value()) },
                "--runs" => options with { Runs = int.Parse(Value(), CultureInfo.InvariantCulture) },
                "--seed-runs-at-largest" => options with { SeedRunsAtLargest = int.Parse(Value(), CultureInfo.InvariantCulture) },
                "--offline-sizes" => options with { OfflineSizes = Ints(Value()) },
                "--startup-runs" => options with { StartupRuns = int.Parse(Value(), CultureInfo.InvariantCulture) },
                "--out" => options with { Out = Value() },
                "--seed-script" => options with { SeedScript = Value() },
                "--quick" => options with { Sizes = [10, 100], Runs = 3, OfflineSizes = [1000, 5000], StartupRuns = 5 },
                _ => throw new ArgumentException($"unknown flag {args[i]}"),
            };
        }
        return options;
    }
}
