using System.Text.Json.Nodes;
using IstioTls.IntegrationTests.Support;
using IstioTls.Tests.Support;

namespace IstioTls.IntegrationTests;

/// <summary>
/// <c>merge</c> applied to a live cluster (the local API server): the writes in order with
/// resourceVersion preconditions, a 409 on the second write and a fault on a VirtualService
/// (nothing lost, the message, a re-run that completes), a re-run of a finished merge, the
/// confirmation, and the backup restored by the real kubectl.
/// </summary>
public sealed class MergeApplyTests : IAsyncLifetime
{
    private const string Seed1 = "examples/seed/error-1-two-gateways.yaml";
    private const string Istio = "networking.istio.io";

    private LiveCluster _cluster = null!;
    private string _backups = null!;

    public async Task InitializeAsync()
    {
        _cluster = await LiveCluster.StartAsync(null, Seed1);
        _backups = Path.Combine(_cluster.Directory, "backups");
    }

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    private CliResult Merge(params string[] args) => _cluster.Run(["merge", "--kubeconfig", _cluster.KubeconfigPath, "--backup-dir", _backups, .. args]);

    private List<string> Writes() =>
        [.. _cluster.Server.Requests.Entries.Where(r => r.Verb is "update" or "delete" && r.StatusCode < 300).Select(r => $"{r.Verb} {r.Resource} {r.Namespace}/{r.Name}")];

    private JsonObject? Get(string resource, string ns, string name) => _cluster.Server.Store.Get(Istio, resource, ns, name);

    private static string[] Names(JsonObject virtualService) => [.. virtualService["spec"]!["gateways"]!.AsArray().Select(n => (string)n!)];

    [Fact]
    public void A_clean_run_writes_in_order_and_check_then_finds_nothing()
    {
        _cluster.Server.Requests.Clear();

        var result = Merge("--yes");

        Assert.True(result.ExitCode == 0, result.Stderr);
        Assert.Equal(
            [
                "update virtualservices bus-system/default2",
                "update gateways istio-system/default",
                "update virtualservices bus-system/default2",
                "delete gateways istio-system/default2",
            ],
            Writes());
        Assert.Contains($"saved the 3 objects to change as they are now: {_backups}/objects.yaml", result.Stdout, StringComparison.Ordinal);
        Assert.EndsWith("Gateway istio-system/default2: delete (its servers moved to istio-system/default)\n", result.Stdout, StringComparison.Ordinal);
        Assert.Equal(0, _cluster.Check().ExitCode);
        Assert.Equal(["istio-system/default"], Names(Get("virtualservices", "bus-system", "default2")!));
    }

    [Fact]
    public void A_conflict_on_the_second_write_stops_loses_nothing_and_a_rerun_completes()
    {
        _cluster.Server.Faults.FailWith(409, verb: "update", resource: "gateways");

        var stopped = Merge("--yes");

        Assert.Equal(2, stopped.ExitCode);
        var error = Assert.Single(stopped.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("error: Gateway istio-system/default: context \"test\": conflict (409)", error, StringComparison.Ordinal);
        Assert.Contains("Written: VirtualService bus-system/default2: also name istio-system/default. Run merge again to continue from there", error, StringComparison.Ordinal);
        Assert.Equal(["istio-system/default2", "istio-system/default"], Names(Get("virtualservices", "bus-system", "default2")!));
        Assert.NotNull(Get("gateways", "istio-system", "default2"));
        Assert.Equal(1, _cluster.Check().ExitCode);

        var rerun = Merge("--yes");

        Assert.True(rerun.ExitCode == 0, rerun.Stderr);
        Assert.Equal(0, _cluster.Check().ExitCode);
        Assert.Null(Get("gateways", "istio-system", "default2"));
        Assert.Equal(["istio-system/default"], Names(Get("virtualservices", "bus-system", "default2")!));
    }

    [Fact]
    public void A_fault_on_a_virtual_service_write_stops_before_any_gateway_changes()
    {
        var gateways = _cluster.Server.Store.List(Istio, "gateways").Select(g => g["spec"]!.ToJsonString()).ToList();
        _cluster.Server.Faults.FailWith(500, verb: "update", resource: "virtualservices");

        var stopped = Merge("--yes");

        Assert.Equal(2, stopped.ExitCode);
        Assert.Contains("stopped before this write (VirtualService bus-system/default2: also name istio-system/default). Written: nothing.", stopped.Stderr, StringComparison.Ordinal);
        Assert.Equal(gateways, _cluster.Server.Store.List(Istio, "gateways").Select(g => g["spec"]!.ToJsonString()));

        Assert.Equal(0, Merge("--yes").ExitCode);
        Assert.Equal(0, _cluster.Check().ExitCode);
    }

    [Fact]
    public void Rerunning_a_finished_merge_changes_nothing()
    {
        Assert.Equal(0, Merge("--yes").ExitCode);
        _cluster.Server.Requests.Clear();

        var again = Merge("--yes");

        Assert.Equal(0, again.ExitCode);
        Assert.Equal("Nothing to merge: no servers on one gateway workload and port share a TLS certificate.\n", again.Stdout);
        Assert.Empty(Writes());
        Assert.Equal(["objects.yaml"], Directory.GetFiles(_backups).Select(Path.GetFileName));
    }

    [Fact]
    public void The_backup_restores_the_original_objects_with_kubectl_apply()
    {
        var before = Specs();
        Assert.Equal(0, Merge("--yes").ExitCode);
        Assert.NotEqual(before, Specs());

        var restore = Processes.Run(Processes.Kubectl, ["apply", "-f", Path.Combine(_backups, "objects.yaml")], new Dictionary<string, string?>
        {
            ["KUBECONFIG"] = _cluster.KubeconfigPath,
            ["HOME"] = _cluster.Directory,
        });

        Assert.True(restore.ExitCode == 0, restore.Stderr);
        var after = Specs();
        Assert.Equal(before.Keys, after.Keys);
        Assert.All(before, e => Assert.True(JsonNode.DeepEquals(JsonNode.Parse(e.Value), JsonNode.Parse(after[e.Key])), $"{e.Key}: {e.Value} -> {after[e.Key]}"));
        Assert.Equal(1, _cluster.Check().ExitCode);
    }

    [Theory]
    [InlineData("n", 1, false)]
    [InlineData("", 1, false)]
    [InlineData("y", 0, true)]
    public void On_a_terminal_the_answer_decides_and_a_no_exits_1(string answer, int exitCode, bool written)
    {
        _cluster.Server.Requests.Clear();

        // script gives the CLI a terminal and types the answer into it.
        var result = Cli.Run(["-qec", $"{Repo.Cli} merge --kubeconfig {_cluster.KubeconfigPath} --backup-dir {_backups}", "/dev/null"], stdin: answer + "\n", executable: "script");

        Assert.True(exitCode == result.ExitCode, result.Stdout);
        Assert.Contains("Make these 4 writes in context \"test\"? [y/N]", result.Stdout, StringComparison.Ordinal);
        Assert.Equal(written, result.Stdout.Contains("merge cancelled: nothing was changed.", StringComparison.Ordinal) is false);
        Assert.Equal(written, Writes().Count == 4);
    }

    [Fact]
    public void Without_yes_and_without_a_terminal_nothing_is_written()
    {
        _cluster.Server.Requests.Clear();

        var result = Merge();

        Assert.Equal(2, result.ExitCode);
        Assert.Equal("error: standard input is not a terminal, so nobody can confirm the writes: pass --yes to make them\n", result.Stderr);
        Assert.Contains("Writes, in this order:", result.Stdout, StringComparison.Ordinal);
        Assert.Empty(Writes());
        Assert.False(Directory.Exists(_backups));
    }

    [Fact]
    public void Dry_run_on_the_cluster_plans_what_the_files_plan()
    {
        var live = Merge("--dry-run", "-o", "json");
        var files = Cli.Run(["merge", "--dry-run", "-f", Seed1, "-o", "json"]);

        Assert.Equal(0, live.ExitCode);
        var groups = JsonNode.Parse(live.Stdout)!["groups"]!;
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(files.Stdout)!["groups"]![0]!["hosts"], groups[0]!["hosts"]));
        Assert.Equal("istio-system/default", (string)groups[0]!["survivor"]!);
        Assert.All(JsonNode.Parse(live.Stdout)!["apply"]!.AsArray(), o => Assert.NotNull(o!["metadata"]!["resourceVersion"]));
    }

    /// <summary>Every Gateway and VirtualService's spec, by kind and key.</summary>
    private SortedDictionary<string, string> Specs() => new(
        _cluster.Server.Store.List(Istio, "gateways").Select(o => ("Gateway", o))
            .Concat(_cluster.Server.Store.List(Istio, "virtualservices").Select(o => ("VirtualService", o)))
            .ToDictionary(e => $"{e.Item1} {e.o["metadata"]!["namespace"]}/{e.o["metadata"]!["name"]}", e => e.o["spec"]!.ToJsonString()),
        StringComparer.Ordinal);
}
