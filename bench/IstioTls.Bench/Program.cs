using System.Text.Json.Nodes;
using IstioTls.Bench;
using IstioTls.TestApiServer;
using ApiServer = IstioTls.TestApiServer.TestApiServer;

// The benchmark of issue 7: the seed's script, `kubectl get` (the floor for any tool that reads
// the objects) and `check`, side by side against generated clusters; `check -f` offline; start-up.
var options = Options.Parse(args);
var root = FindRoot();
var aot = Path.GetFullPath(Path.Combine(root, options.Aot));
if (!File.Exists(aot))
{
    Console.Error.WriteLine($"error: {aot} not found; run bench/run.sh, which publishes it first");
    return 2;
}
var seedScript = options.SeedScript.Length > 0 ? options.SeedScript : Path.Combine(root, "examples", "seed", "check.sh");
var work = Directory.CreateTempSubdirectory("istio-tls-bench-").FullName;
var machine = MachineInfo.Read();
Console.WriteLine($"machine: {machine.Cpu}, {machine.Cores} cores, {machine.MemoryGiB:0.#} GiB; {machine.Kubectl}");

var live = new List<Summary>();
foreach (var size in options.Sizes)
{
    live.AddRange(await Live.RunAsync(size, options, aot, seedScript, work));
}
var offline = new List<Summary>();
foreach (var size in options.OfflineSizes)
{
    offline.Add(Offline.Run(size, options, aot, work));
}
var startup = Startup.Run(options, aot, root);

var report = new Report(machine, options, live, offline, startup);
Directory.CreateDirectory(Path.Combine(root, options.Out));
report.WriteMarkdown(Path.Combine(root, options.Out, "benchmarks.md"));
report.WriteJson(Path.Combine(root, options.Out, "benchmarks.json"));
Plots.Live(live, Path.Combine(root, options.Out, "benchmarks-live.png"));
Plots.Offline(offline, Path.Combine(root, options.Out, "benchmarks-offline.png"));
Console.WriteLine($"wrote {Path.Combine(options.Out, "benchmarks.md")}");
Directory.Delete(work, recursive: true);
return 0;

static string FindRoot()
{
    for (var dir = new DirectoryInfo(Environment.CurrentDirectory); dir is not null; dir = dir.Parent)
    {
        if (File.Exists(Path.Combine(dir.FullName, "istio-tls.slnx")))
        {
            return dir.FullName;
        }
    }
    throw new InvalidOperationException("run the benchmark from the repository");
}
