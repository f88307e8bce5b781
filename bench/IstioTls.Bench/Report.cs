using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace IstioTls.Bench;

/// <summary>docs/benchmarks.md (tables, targets, method) and the raw samples as JSON.</summary>
public sealed class Report(MachineInfo machine, Options options, IReadOnlyList<Summary> live, IReadOnlyList<Summary> offline, IReadOnlyList<Summary> startup)
{
    private static string F(double value, string format = "0.000") => value.ToString(format, CultureInfo.InvariantCulture);

    /// <summary>kubectl calls the seed's script makes: one for namespaces, one per namespace
    /// (N/10 here), two per Gateway.</summary>
    private static double SeedCalls(int gateways) => 1 + Math.Max(1, gateways / 10) + (2.0 * gateways);

    private Summary? Find(string contender, int size) => live.FirstOrDefault(s => s.Contender == contender && s.Size == size);

    /// <summary>The seed's median at a size, measured, or extrapolated from the largest measured
    /// size by the number of kubectl calls (marked "~").</summary>
    private (double Seconds, bool Measured)? SeedAt(int size)
    {
        if (Find(Live.Seed, size) is { } measured)
        {
            return (measured.Median, true);
        }
        var basis = live.Where(s => s.Contender == Live.Seed).MaxBy(s => s.Size);
        return basis is null ? null : (basis.Median * SeedCalls(size) / SeedCalls(basis.Size), false);
    }

    public void WriteMarkdown(string path)
    {
        var md = new StringBuilder();
        md.AppendLine("# Benchmarks");
        md.AppendLine();
        md.AppendLine($"Latest run: {machine.When:yyyy-MM-dd HH:mm} UTC on {machine.Cpu}, {machine.Cores} cores, {F(machine.MemoryGiB, "0.#")} GiB, {machine.Os}; {machine.Kubectl}; .NET {machine.Dotnet}.");
        md.AppendLine();
        md.AppendLine("Reproduce with `bench/run.sh` (it publishes the native AOT binary, then runs `dotnet run -c Release --project bench/IstioTls.Bench`; pass `--quick` for a short run). Every number below is from that one run.");
        md.AppendLine();
        md.AppendLine("## Against a cluster");
        md.AppendLine();
        md.AppendLine($"The local API server of the tests (`tests/TestApiServer`) serves a generated cluster of N Gateways over N/10 namespaces, one VirtualService per Gateway, 5% of Gateways sharing certificates in groups of 2-4, 10% with two servers, and the gateway Pods. For each N the three contenders run in alternating order, {options.Runs} times each after one unmeasured warm-up run (the seed's script: {options.SeedRunsAtLargest} run at the largest N, no warm-up). Wall time in seconds, median [min-max]:");
        md.AppendLine();
        md.AppendLine($"| N | seed `check.sh` | `{Live.KubectlGet}` | `{Live.Check}` | seed / check | check / kubectl get |");
        md.AppendLine("|---:|---:|---:|---:|---:|---:|");
        foreach (var size in options.Sizes)
        {
            var get = Find(Live.KubectlGet, size)!;
            var check = Find(Live.Check, size)!;
            var seed = Find(Live.Seed, size);
            var seedText = seed is null ? (SeedAt(size) is { } e ? $"~{F(e.Seconds, "0.0")} (extrapolated)" : "-") : Cell(seed);
            var seedRatio = SeedAt(size) is { } s ? $"{(s.Measured ? "" : "~")}{F(s.Seconds / check.Median, "0")}x" : "-";
            md.AppendLine($"| {size:N0} | {seedText} | {Cell(get)} | {Cell(check)} | {seedRatio} | {F(check.Median / get.Median, "0.00")} |");
        }
        md.AppendLine();
        md.AppendLine("Peak memory (MB, median; for the script, its largest process):");
        md.AppendLine();
        md.AppendLine("| N | seed `check.sh` | kubectl get | check |");
        md.AppendLine("|---:|---:|---:|---:|");
        foreach (var size in options.Sizes)
        {
            md.AppendLine($"| {size:N0} | {(Find(Live.Seed, size) is { } seed ? F(seed.MedianPeakMegabytes, "0") : "-")} | {F(Find(Live.KubectlGet, size)!.MedianPeakMegabytes, "0")} | {F(Find(Live.Check, size)!.MedianPeakMegabytes, "0")} |");
        }
        md.AppendLine();
        md.AppendLine("![wall time against N, log-log](benchmarks-live.png)");
        md.AppendLine();
        md.AppendLine("## Offline: `check -f` on manifest files");
        md.AppendLine();
        md.AppendLine("Generated manifests (Gateways, VirtualServices, Pods, Namespaces), the same generator as above:");
        md.AppendLine();
        md.AppendLine("| Gateways | files | wall time (s), median [min-max] | peak memory (MB) |");
        md.AppendLine("|---:|---:|---:|---:|");
        foreach (var summary in offline)
        {
            md.AppendLine($"| {summary.Size:N0} | 4 | {Cell(summary)} | {F(summary.MedianPeakMegabytes, "0")} |");
        }
        if (offline.Count >= 2)
        {
            md.AppendLine();
            md.AppendLine($"Growth, fitted as time ~ N^b on log-log: b = {F(Offline.Slope(offline, s => s.Median), "0.00")} for wall time, b = {F(Offline.Slope(offline, s => s.MedianPeakMegabytes), "0.00")} for peak memory (b = 1 is linear).");
            md.AppendLine();
            md.AppendLine("![offline wall time against N, log-log](benchmarks-offline.png)");
        }
        md.AppendLine();
        md.AppendLine("## Start-up");
        md.AppendLine();
        md.AppendLine($"{options.StartupRuns} runs each, alternating:");
        md.AppendLine();
        md.AppendLine("| command | wall time (ms), median [min-max] | peak memory (MB) |");
        md.AppendLine("|---|---:|---:|");
        foreach (var summary in startup)
        {
            md.AppendLine($"| `{summary.Contender}` | {F(summary.Median * 1000, "0.0")} [{F(summary.Min * 1000, "0.0")}-{F(summary.Max * 1000, "0.0")}] | {F(summary.MedianPeakMegabytes, "0.0")} |");
        }
        md.AppendLine();
        md.AppendLine("## Targets");
        md.AppendLine();
        foreach (var line in Targets())
        {
            md.AppendLine($"- {line}");
        }
        md.AppendLine();
        md.AppendLine("What was tried to meet the targets, and what each step gave: [performance.md](performance.md).");
        File.WriteAllText(path, md.ToString());
    }

    public IEnumerable<string> Targets()
    {
        if (options.Sizes.Contains(1000) && SeedAt(1000) is { } seed && Find(Live.Check, 1000) is { } check1000)
        {
            var ratio = seed.Seconds / check1000.Median;
            yield return $"N = 1,000: the seed's script takes {F(ratio, "0")} times as long as `check` (target: at least 100): {(ratio >= 100 ? "met" : "missed")}.";
        }
        if (options.Sizes.Contains(5000) && Find(Live.Check, 5000) is { } check && Find(Live.KubectlGet, 5000) is { } get)
        {
            var ratio = check.Median / get.Median;
            yield return $"N = 5,000: `check` takes {F(ratio, "0.00")} times as long as `kubectl get` (target: at most 1.2): {(ratio <= 1.2 ? "met" : "missed")}.";
        }
        if (offline.FirstOrDefault(s => s.Size == 10000) is { } tenThousand)
        {
            var met = tenThousand.Median < 1.0 && tenThousand.MedianPeakMegabytes < 150;
            yield return $"Offline, 10,000 Gateways: {F(tenThousand.Median, "0.00")} s and {F(tenThousand.MedianPeakMegabytes, "0")} MB (target: under 1 s and under 150 MB): {(met ? "met" : "missed")}.";
        }
        if (startup.Count == 3)
        {
            var ratio = startup[0].Median / startup[2].Median;
            yield return $"Start-up: `{startup[0].Contender}` takes {F(ratio, "0.00")} times as long as `kubectl version --client` (target: at most 2): {(ratio <= 2 ? "met" : "missed")}.";
        }
    }

    private static string Cell(Summary s) => $"{F(s.Median)} [{F(s.Min)}-{F(s.Max)}]";

    public void WriteJson(string path)
    {
        JsonArray Samples(IEnumerable<Summary> summaries) => [.. summaries.Select(s => (JsonNode)new JsonObject
        {
            ["contender"] = s.Contender,
            ["n"] = s.Size,
            ["seconds"] = new JsonArray([.. s.Samples.Select(x => (JsonNode)JsonValue.Create(Math.Round(x.Seconds, 4)))]),
            ["peakKilobytes"] = new JsonArray([.. s.Samples.Select(x => (JsonNode)JsonValue.Create(x.PeakKilobytes))]),
        })];
        var document = new JsonObject
        {
            ["machine"] = new JsonObject { ["cpu"] = machine.Cpu, ["cores"] = machine.Cores, ["memoryGiB"] = Math.Round(machine.MemoryGiB, 1), ["os"] = machine.Os, ["kubectl"] = machine.Kubectl, ["when"] = machine.When.ToString("O", CultureInfo.InvariantCulture) },
            ["live"] = Samples(live),
            ["offline"] = Samples(offline),
            ["startup"] = Samples(startup),
        };
        File.WriteAllText(path, document.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n");
    }
}
