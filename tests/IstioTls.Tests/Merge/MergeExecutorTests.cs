using System.Text;
using System.Text.Json.Nodes;
using CsCheck;
using IstioTls.Analysis;
using IstioTls.Application;
using IstioTls.Cluster;
using IstioTls.CommandLine;
using IstioTls.Plans;
using IstioTls.Plans.Merge;
using IstioTls.Sources;
using IstioTls.Tests.Support;

namespace IstioTls.Tests.Merge;

/// <summary>
/// The apply executor against an in-memory API server: the order of the writes, resourceVersion
/// preconditions, a conflict or a fault part way (nothing lost, a message that says what was
/// written, a re-run that completes), re-running a finished merge, and the backup.
/// </summary>
public sealed class MergeExecutorTests : IDisposable
{
    private static readonly string Seed1 = File.ReadAllText(Path.Combine(Repo.Examples, "seed", "error-1-two-gateways.yaml"));

    private readonly string _backups = Directory.CreateTempSubdirectory("merge-backup-test-").FullName;

    public void Dispose() => Directory.Delete(_backups, recursive: true);

    private async Task<(MergePlan Plan, string? Backup, List<string> Progress)> Run(FakeCluster cluster, MergeOptions? options = null)
    {
        var plan = Merging.Plan(cluster.Read(), options);
        var progress = new List<string>();
        var backup = await new MergeExecutor(cluster).RunAsync(plan, _backups, progress.Add, CancellationToken.None);
        return (plan, backup, progress);
    }

    [Fact]
    public async Task A_clean_run_binds_first_then_merges_then_unbinds_then_deletes()
    {
        var cluster = new FakeCluster(Seed1);

        var (_, backup, progress) = await Run(cluster);

        Assert.Equal(
            [
                "replace VirtualService bus-system/default2",
                "replace Gateway istio-system/default",
                "replace VirtualService bus-system/default2",
                "delete Gateway istio-system/default2",
            ],
            cluster.Writes);
        Assert.Empty(Analyzer.Check(cluster.Snapshot()).Findings);
        Assert.Equal(["istio-system/default"], Merging.Strings(cluster.Find("VirtualService", "bus-system/default2")!["spec"]!["gateways"]));
        Assert.StartsWith($"saved the 3 objects to change as they are now: {backup}", progress[0], StringComparison.Ordinal);
        Assert.Equal("Gateway istio-system/default2: delete (its servers moved to istio-system/default)", progress[^1]);
    }

    [Fact]
    public async Task One_object_to_change_is_said_in_the_singular()
    {
        var cluster = new FakeCluster(File.ReadAllText(Path.Combine(Repo.Examples, "seed", "error-2-one-gateway.yaml")));

        var (plan, backup, progress) = await Run(cluster);

        Assert.Equal(1, plan.Apply.Count + plan.Delete.Count);
        Assert.Equal($"saved the 1 object to change as it is now: {backup} (kubectl apply -f {backup} restores it)", progress[0]);
        Assert.StartsWith("# kubectl istio-tls merge: 1 object as it was before the merge.\n# Restore it with: kubectl apply -f ", await File.ReadAllTextAsync(backup!), StringComparison.Ordinal);
    }

    [Fact]
    public async Task After_every_write_every_host_that_had_routes_still_has_them()
    {
        var before = Merging.Routed(new FakeCluster(Seed1).Snapshot());
        Assert.Equal(2, before.Count);
        for (var stop = 2; stop <= 5; stop++)
        {
            var cluster = new FakeCluster(Seed1) { Fault = (n, _) => n == stop ? new ClusterException("stop here") : null };

            if (stop <= 4)
            {
                await Assert.ThrowsAsync<MergeStoppedException>(() => Run(cluster));
            }
            else
            {
                await Run(cluster);
            }

            Assert.Equal(before, Merging.Routed(cluster.Snapshot(), before));
        }
    }

    [Fact]
    public async Task Writing_the_survivor_before_the_virtual_services_would_leave_a_host_without_routes()
    {
        // Why the VirtualServices are bound first: once the survivor lists asm2.test.com, istiod
        // skips the newer default2's server (a duplicate host), and the survivor's routes come
        // only from VirtualServices that name it.
        var cluster = new FakeCluster(Seed1);
        var plan = Merging.Plan(cluster.Read());

        await cluster.ReplaceAsync(plan.Steps.Single(s => s.Kind == StepKind.Survivor).Body!, CancellationToken.None);

        Assert.DoesNotContain("istio=ingressgateway|443|asm2.test.com", Merging.Routed(cluster.Snapshot()));
    }

    [Fact]
    public async Task A_conflict_on_the_second_write_stops_loses_nothing_and_a_rerun_completes()
    {
        var cluster = new FakeCluster(Seed1);
        cluster.Fault = (n, target) =>
        {
            if (n == 2)
            {
                // Someone edits the survivor between our read and our write.
                cluster.Touch(target.Kind, $"{target.Namespace}/{target.Name}");
                return null;
            }
            return null;
        };

        var stopped = await Assert.ThrowsAsync<MergeStoppedException>(() => Run(cluster));

        Assert.Equal(409, stopped.StatusCode);
        Assert.StartsWith("Gateway istio-system/default: the object has been modified", stopped.Message, StringComparison.Ordinal);
        Assert.Contains("stopped before this write (Gateway istio-system/default: server 0 serves asm1.test.com, asm2.test.com)", stopped.Message, StringComparison.Ordinal);
        Assert.Contains("Written: VirtualService bus-system/default2: also name istio-system/default.", stopped.Message, StringComparison.Ordinal);
        Assert.Contains("Run merge again to continue from there", stopped.Message, StringComparison.Ordinal);
        Assert.Contains($"The objects as they were are in {Path.Combine(_backups, "objects.yaml")}.", stopped.Message, StringComparison.Ordinal);
        Assert.Equal(["istio-system/default2", "istio-system/default"], Merging.Strings(cluster.Find("VirtualService", "bus-system/default2")!["spec"]!["gateways"]));
        Assert.NotNull(cluster.Find("Gateway", "istio-system/default2"));

        cluster.Fault = (_, _) => null;
        var (plan, _, _) = await Run(cluster);

        Assert.Equal([StepKind.Survivor, StepKind.Unbind, StepKind.Delete], plan.Steps.Select(s => s.Kind));
        Assert.Equal(Finished(Seed1), cluster.State());
    }

    [Fact]
    public async Task A_fault_on_a_virtual_service_write_stops_before_any_gateway_changes()
    {
        var cluster = new FakeCluster(Seed1)
        {
            Fault = (_, target) => target.Kind == "VirtualService" ? new ClusterException("virtualservices.networking.istio.io \"default2\" is forbidden: User cannot update", 403) : null,
        };
        var before = cluster.State();

        var stopped = await Assert.ThrowsAsync<MergeStoppedException>(() => Run(cluster));

        Assert.Equal(403, stopped.StatusCode);
        Assert.Contains("Written: nothing.", stopped.Message, StringComparison.Ordinal);
        Assert.Equal(before, cluster.State());

        cluster.Fault = (_, _) => null;
        await Run(cluster);
        Assert.Equal(Finished(Seed1), cluster.State());
    }

    [Fact]
    public async Task Rerunning_a_finished_merge_changes_nothing()
    {
        var cluster = new FakeCluster(Seed1);
        await Run(cluster);
        var writes = cluster.Writes.Count;
        var state = cluster.State();

        var (plan, backup, progress) = await Run(cluster);

        Assert.False(plan.HasChanges);
        Assert.Null(backup);
        Assert.Empty(progress);
        Assert.Equal(writes, cluster.Writes.Count);
        Assert.Equal(state, cluster.State());
        Assert.Single(Directory.GetFiles(_backups));
    }

    [Fact]
    public async Task A_wildcard_is_written_last_and_a_stop_before_it_says_what_a_rerun_cannot_see()
    {
        // Written before default2 is gone, *.test.com would stop shadowing default2's server,
        // whose exact asm2.test.com wins the SNI match while no VirtualService names default2.
        var cluster = new FakeCluster(Seed1) { Fault = (n, _) => n == 5 ? new ConflictException("the object has been modified") : null };

        var stopped = await Assert.ThrowsAsync<MergeStoppedException>(() => Run(cluster, new MergeOptions { Wildcard = true }));

        Assert.Equal(
            [
                "replace VirtualService bus-system/default2",
                "replace Gateway istio-system/default",
                "replace VirtualService bus-system/default2",
                "delete Gateway istio-system/default2",
            ],
            cluster.Writes);
        Assert.Contains("Every host is served and routed. A re-run cannot see what is left of these writes (names of deleted Gateways do nothing in Istio); make them by hand if you want them: Gateway istio-system/default: server 0 serves *.test.com.", stopped.Message, StringComparison.Ordinal);
        Assert.False(Merging.Plan(cluster.Read(), new MergeOptions { Wildcard = true }).HasChanges);
    }

    [Fact]
    public async Task Into_a_gateway_istiod_takes_later_drops_names_only_after_the_delete()
    {
        // istiod takes default before default2 (same age, first by name), so default's server is
        // served, through its names, until default is deleted.
        var cluster = new FakeCluster(Seed1) { Fault = (n, _) => n == 4 ? new ConflictException("the object has been modified") : null };

        var stopped = await Assert.ThrowsAsync<MergeStoppedException>(() => Run(cluster, new MergeOptions { Into = new("istio-system", "default2") }));

        Assert.Equal("delete Gateway istio-system/default", cluster.Writes[^1]);
        Assert.Contains("Every host is served and routed. A re-run cannot see what is left of these writes (names of deleted Gateways do nothing in Istio); make them by hand if you want them: VirtualService bus-system/default: drop istio-system/default (deleted).", stopped.Message, StringComparison.Ordinal);
        Assert.Empty(Analyzer.Check(cluster.Snapshot()).Findings);
    }

    [Fact]
    public async Task Gateways_of_one_age_are_taken_by_name_so_a_stop_before_the_delete_keeps_every_route()
    {
        // CsCheck seed 909j05fZkQD4 of the property below. web/gw2 and shop/gw3 are of one age:
        // istiod takes web/gw2 first (name, then namespace), so once web/gw2's server lists every
        // host, shop/gw3's servers are skipped and v.example.com stays routed through vs0. A model
        // that took shop/gw3 first (namespace first) saw v.example.com lose its routes here.
        const string yaml = """
            ---
            apiVersion: networking.istio.io/v1
            kind: Gateway
            metadata: {name: gw0, namespace: web, creationTimestamp: "2024-01-01T00:00:00Z"}
            spec:
              selector: {istio: ingressgateway}
              servers:
              - port: {number: 443, name: p0, protocol: HTTPS}
                hosts: ["./z.example.com"]
                tls: {mode: SIMPLE, credentialName: "kubernetes://a"}
              - port: {number: 443, name: p1, protocol: HTTPS}
                hosts: ["./w.other.com"]
                tls: {mode: SIMPLE, credentialName: "kubernetes://a", minProtocolVersion: TLSV1_3}
              - port: {number: 443, name: p2, protocol: HTTPS}
                hosts: ["./z.example.com"]
                tls: {mode: SIMPLE, credentialName: "a", minProtocolVersion: TLSV1_3}
            ---
            apiVersion: networking.istio.io/v1
            kind: Gateway
            metadata: {name: gw1, namespace: istio-system}
            spec:
              selector: {istio: ingressgateway}
              servers:
              - port: {number: 443, name: p0, protocol: HTTPS}
                hosts: ["*/v.example.com", "y.example.com"]
                tls: {mode: SIMPLE, credentialName: "a"}
              - port: {number: 8443, name: p1, protocol: HTTPS}
                hosts: ["./z.example.com"]
                tls: {mode: SIMPLE, credentialName: "a"}
            ---
            apiVersion: networking.istio.io/v1
            kind: Gateway
            metadata: {name: gw2, namespace: web, creationTimestamp: "2024-01-01T00:00:00Z"}
            spec:
              selector: {istio: internal}
              servers:
              - port: {number: 80, name: p0, protocol: HTTP}
                hosts: ["*/z.example.com", "./v.example.com"]
              - port: {number: 443, name: p1, protocol: HTTPS}
                hosts: ["z.example.com", "v.example.com"]
                tls: {mode: SIMPLE, credentialName: "kubernetes://a"}
            ---
            apiVersion: networking.istio.io/v1
            kind: Gateway
            metadata: {name: gw3, namespace: shop, creationTimestamp: "2024-01-01T00:00:00Z"}
            spec:
              selector: {istio: internal}
              servers:
              - port: {number: 443, name: p0, protocol: HTTPS}
                hosts: ["./w.other.com", "w.other.com"]
                tls: {mode: SIMPLE, credentialName: "a"}
              - port: {number: 443, name: p1, protocol: HTTPS}
                hosts: ["*/y.example.com"]
                tls: {mode: SIMPLE, credentialName: "a"}
            ---
            apiVersion: networking.istio.io/v1
            kind: VirtualService
            metadata: {name: vs0, namespace: web}
            spec:
              hosts: [v.example.com, w.other.com]
              http:
              - match: [{gateways: ["gw2", "gw1", "gw2"]}]
                route: [{destination: {host: backend}}]
            """;
        var options = new MergeOptions { Into = new("web", "gw2"), Wildcard = true };
        var routed = Merging.Routed(new FakeCluster(yaml).Snapshot());
        Assert.Equal(["istio=internal|443|v.example.com"], routed);
        var cluster = new FakeCluster(yaml) { Fault = (n, _) => n == 2 ? new ConflictException("the object has been modified") : null };

        var stopped = await Assert.ThrowsAsync<MergeStoppedException>(() => Run(cluster, options));

        Assert.Equal(["replace Gateway web/gw2"], cluster.Writes);
        Assert.Empty(Merging.Plan(new FakeCluster(yaml).Read(), options).Warnings);
        Assert.Equal(routed, Merging.Routed(cluster.Snapshot(), routed));
        Assert.Contains("Run merge again to continue from there", stopped.Message, StringComparison.Ordinal);
        cluster.Fault = (_, _) => null;
        await Run(cluster, options);
        Assert.Equal(routed, Merging.Routed(cluster.Snapshot(), routed));
        Assert.Equal(Finished(yaml, options), cluster.State());
    }

    [Fact]
    public async Task A_stop_anywhere_in_a_chain_of_survivors_reruns_to_the_uninterrupted_end()
    {
        // c is the survivor on 8443 and gives its 443 server to a. Before the rounds, a stop after
        // web/vd also named c left a re-run to see web/vd naming c, which still gave a server to
        // a, and name a in web/vd too.
        var yaml = MergePlannerTests.ChainOfSurvivors;
        var plan = Merging.Plan(new FakeCluster(yaml).Read());
        var routed = Merging.Routed(new FakeCluster(yaml).Snapshot());
        var finished = Finished(yaml);

        for (var stop = 1; stop <= plan.Steps.Count; stop++)
        {
            var at = stop;
            var cluster = new FakeCluster(yaml) { Fault = (n, _) => n == at ? new ConflictException("the object has been modified") : null };

            await Assert.ThrowsAsync<MergeStoppedException>(() => Run(cluster));
            Assert.Equal(routed, Merging.Routed(cluster.Snapshot(), routed));
            cluster.Fault = (_, _) => null;
            await Run(cluster);

            Assert.Equal(finished, cluster.State());
        }
        Assert.DoesNotContain("web/a", finished["VirtualService web/vd"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_wildcard_group_held_by_the_survivor_alone_gets_its_wildcard_in_the_survivor_write()
    {
        // The 8443 group is two servers of web/a: nothing else to shadow, so *.example.com goes in
        // the survivor write. Written last instead (CsCheck seed 0Nlwn2frzv42 of the all-stops
        // search), a stop before web/b's delete left a re-run that no longer saw the 8443 group,
        // and the message said a re-run would finish.
        var yaml = Manifests.Gateway("web/a", "istio=ingressgateway",
                [Manifests.Simple(443, "a.example.com", "cert-x"), Admin(8443, "y.example.com"), Admin(8443, "z.example.com", "admin-2")], created: "2024-01-01T00:00:00Z")
            + Manifests.Gateway("web/b", "istio=ingressgateway", [Manifests.Simple(443, "b.other.com", "cert-x")], created: "2024-02-01T00:00:00Z");
        var options = new MergeOptions { Wildcard = true };
        var plan = Merging.Plan(new FakeCluster(yaml).Read(), options);
        var finished = Finished(yaml, options);

        Assert.Equal(
            [
                "Gateway web/a: server 0 serves a.example.com, b.other.com; server 1 serves *.example.com; remove server 2",
                "Gateway web/b: delete (its servers moved to web/a)",
            ],
            plan.Steps.Select(s => s.Description));
        for (var stop = 1; stop <= plan.Steps.Count; stop++)
        {
            var at = stop;
            var cluster = new FakeCluster(yaml) { Fault = (n, _) => n == at ? new ConflictException("the object has been modified") : null };

            var stopped = await Assert.ThrowsAsync<MergeStoppedException>(() => Run(cluster, options));
            cluster.Fault = (_, _) => null;
            await Run(cluster, options);

            Assert.DoesNotContain("A re-run cannot see", stopped.Message, StringComparison.Ordinal);
            Assert.Equal(finished, cluster.State());
        }
    }

    [Fact]
    public async Task A_stop_after_the_last_write_of_one_wildcard_group_says_that_its_wildcard_is_left()
    {
        // web/a merges two groups, each with a wildcard: the 443 one fed by web/b, which keeps a
        // server, the 8443 one by web/c, deleted. Stopped before web/c's delete, a re-run still
        // sees the 8443 group but no longer the 443 one: the message must say so.
        var yaml = Manifests.Gateway("web/a", "istio=ingressgateway", [Manifests.Simple(443, "a.example.com", "cert-x"), Admin(8443, "p.example.com")], created: "2024-01-01T00:00:00Z")
            + Manifests.Gateway("web/b", "istio=ingressgateway", [Manifests.Simple(443, "b.example.com", "cert-x"), Manifests.Simple(443, "other.example.net", "cert-z")], created: "2024-02-01T00:00:00Z")
            + Manifests.Gateway("web/c", "istio=ingressgateway", [Admin(8443, "q.example.com")], created: "2024-03-01T00:00:00Z");
        var options = new MergeOptions { Wildcard = true };
        var cluster = new FakeCluster(yaml) { Fault = (n, _) => n == 3 ? new ConflictException("the object has been modified") : null };

        var stopped = await Assert.ThrowsAsync<MergeStoppedException>(() => Run(cluster, options));

        Assert.Equal(["replace Gateway web/a", "replace Gateway web/b"], cluster.Writes);
        Assert.Contains("Run merge again to continue from there", stopped.Message, StringComparison.Ordinal);
        Assert.Contains("A re-run cannot see what is left of these writes (names of deleted Gateways do nothing in Istio); make them by hand if you want them: Gateway web/a: server 0 serves *.example.com; server 1 serves *.example.com.", stopped.Message, StringComparison.Ordinal);
    }

    private static string Admin(int port, string hosts, string portName = "admin") =>
        Manifests.Server(port, hosts, "mode: SIMPLE, credentialName: cert-y", portName: portName);

    [Fact]
    public async Task The_backup_reads_back_as_the_objects_as_they_were()
    {
        var cluster = new FakeCluster(Seed1);
        var originals = cluster.Objects.ToDictionary(o => $"{o["kind"]} {o["metadata"]!["namespace"]}/{o["metadata"]!["name"]}", o => o.DeepClone());

        var (_, backup, _) = await Run(cluster);

        var restored = ManifestReader.Read(backup!, await File.ReadAllBytesAsync(backup!)).Select(d => d.Root!.AsObject()).ToList();
        Assert.Equal(["Gateway istio-system/default", "VirtualService bus-system/default2", "Gateway istio-system/default2"],
            restored.Select(o => $"{o["kind"]} {o["metadata"]!["namespace"]}/{o["metadata"]!["name"]}"));
        foreach (var obj in restored)
        {
            var original = originals[$"{obj["kind"]} {obj["metadata"]!["namespace"]}/{obj["metadata"]!["name"]}"]!;
            Assert.True(JsonNode.DeepEquals(original["spec"], obj["spec"]), obj.ToJsonString());
            Assert.Null(obj["metadata"]!["resourceVersion"]);
            Assert.Null(obj["metadata"]!["uid"]);
        }
        Assert.StartsWith("# kubectl istio-tls merge: 3 objects as they were before the merge.\n# Restore them with: kubectl apply -f ", await File.ReadAllTextAsync(backup!), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_second_run_into_the_same_directory_keeps_the_first_backup()
    {
        var cluster = new FakeCluster(Seed1) { Fault = (n, _) => n == 2 ? new ClusterException("connection reset") : null };
        await Assert.ThrowsAsync<MergeStoppedException>(() => Run(cluster));
        cluster.Fault = (_, _) => null;

        var (_, second, _) = await Run(cluster);

        Assert.Equal(Path.Combine(_backups, "objects-2.yaml"), second);
        var first = await File.ReadAllTextAsync(Path.Combine(_backups, "objects.yaml"));
        Assert.Contains("asm2.test.com", first, StringComparison.Ordinal);
        Assert.DoesNotContain("- istio-system/default\n", first, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_plan_from_files_is_never_applied()
    {
        var plan = Merging.Plan(Manifests.Read(Seed1));

        var error = await Assert.ThrowsAsync<PlanException>(() => new MergeExecutor(new FakeCluster(Seed1)).RunAsync(plan, _backups, _ => { }, CancellationToken.None));

        Assert.Equal("VirtualService bus-system/default2 has no resourceVersion: merge applies only plans made from objects read from the cluster", error.Message);
        Assert.Empty(Directory.GetFiles(_backups));
    }

    [Fact]
    public async Task Cancelling_stops_before_the_next_write_and_says_what_was_written()
    {
        using var cancel = new CancellationTokenSource();
        var cluster = new FakeCluster(Seed1);
        var plan = Merging.Plan(cluster.Read());

        var stopped = await Assert.ThrowsAsync<MergeStoppedException>(() => new MergeExecutor(cluster).RunAsync(plan, _backups, _ => cancel.Cancel(), cancel.Token));

        Assert.StartsWith("VirtualService bus-system/default2: interrupted; stopped before this write", stopped.Message, StringComparison.Ordinal);
        Assert.Empty(cluster.Writes);
    }

    [Fact]
    public void Between_writes_every_host_keeps_its_routes_and_a_rerun_ends_where_an_uninterrupted_run_ends()
    {
        Gen.Select(GeneratedClusters.Cluster, Gen.Int[0, 100]).Sample((spec, draw) =>
        {
            var yaml = GeneratedClusters.Render(spec);
            var plan = Merging.Plan(new FakeCluster(yaml).Read(), spec.Options);
            if (plan.Steps.Count > 0)
            {
                StopAndRerun(yaml, spec.Options, plan, 1 + (draw % plan.Steps.Count), Finished(yaml, spec.Options));
            }
        }, iter: 300);
    }

    [Fact]
    public void A_stop_at_any_write_of_a_plan_keeps_the_routes_and_reruns_to_the_uninterrupted_end()
    {
        // The property above at every write of each plan: some stops that go wrong are one write
        // wide (seed 0Nlwn2frzv42 of this search).
        GeneratedClusters.Cluster.Sample(spec =>
        {
            var yaml = GeneratedClusters.Render(spec);
            var plan = Merging.Plan(new FakeCluster(yaml).Read(), spec.Options);
            var finished = Finished(yaml, spec.Options);
            for (var stop = 1; stop <= plan.Steps.Count; stop++)
            {
                StopAndRerun(yaml, spec.Options, plan, stop, finished);
            }
        }, iter: 200);
    }

    /// <summary>web/gw4 gives a server to istio-system/gw2 and one to shop/gw3, which itself gives
    /// one to istio-system/gw2. Once shop/gw3 has shed its server the re-run finds the two groups
    /// in the other order; the VirtualService naming web/gw4 must still end with the survivors
    /// in one order (seed 30I2bNMmfwA8 of the property above ended with them swapped).</summary>
    public static readonly string OneGatewayGivesToTwoSurvivors =
        Manifests.Gateway("istio-system/gw2", "istio=ingressgateway", [Manifests.Simple(443, "z.example.com", "a")])
        + Manifests.Gateway("shop/gw3", "istio=ingressgateway", [Manifests.Simple(8443, "v.example.com", "b"), Manifests.Simple(443, "q.example.com", "a")])
        + Manifests.Gateway("web/gw4", "istio=ingressgateway", [Manifests.Simple(8443, "x.example.com", "b"), Manifests.Simple(443, "y.example.com", "a")], created: "2024-02-01T00:00:00Z")
        + Merging.VirtualService("web/vs1", "x.example.com", http: "gw4");

    /// <summary>web/vs1 routes x.example.com on 443 through web/gw2 today. The 8443 group repoints
    /// it to web/gw1, whose 443 server lists x.example.com: not a new route, since web/vs1 routes
    /// that host on those pods already (seed d-4C7DPNs-a6 of <see cref="MergeProperties"/>: judged
    /// from the group's own Gateways only, the group was skipped, and once the 443 group had
    /// merged a second run merged it).</summary>
    public static readonly string AVirtualServiceRoutesTheHostThroughAGatewayOutsideTheGroup =
        Manifests.Gateway("istio-system/gw0", "istio=ingressgateway", [Manifests.Simple(8443, "web/x.example.com", "b")], created: "2024-02-01T00:00:00Z")
        + Manifests.Gateway("web/gw1", "istio=ingressgateway", [Manifests.Simple(8443, "v.example.com", "b"), Manifests.Simple(443, "x.example.com", "a")])
        + Manifests.Gateway("web/gw2", "istio=ingressgateway", [Manifests.Simple(443, "x.example.com", "a")])
        + Merging.VirtualService("web/vs1", "x.example.com", gateways: "web/gw2,istio-system/gw0");

    /// <summary>Merged into shop/gw0 alone, the 443 group would let VirtualService vs3 route
    /// z.example.com on 8443 through shop/gw0's 8443 server; but the 8443 group moves that server
    /// to istio-system/gw4, so together nothing is re-routed (seed 6goV-hMu8in1 of
    /// <see cref="MergeProperties"/>: the 443 group was skipped, and a second run merged it).</summary>
    public static readonly string AnotherGroupMovesTheReroutingServerAway =
        Manifests.Gateway("istio-system/gw4", "istio=ingressgateway", [Manifests.Simple(8443, "v.example.com", "a")])
        + Manifests.Gateway("shop/gw0", "istio=ingressgateway", [Manifests.Simple(443, "x.example.com", "a"), Manifests.Simple(8443, "z.example.com", "a")], created: "2024-01-01T00:00:00Z")
        + Manifests.Gateway("istio-system/gw1", "istio=ingressgateway", [Manifests.Simple(443, "z.example.com", "a")], created: "2024-02-01T00:00:00Z")
        + Merging.VirtualService("istio-system/vs3", "z.example.com", gateways: "gw1");

    [Theory]
    [InlineData(nameof(AnotherGroupMovesTheReroutingServerAway), 2)]
    [InlineData(nameof(MergeSkipTests.TwoGroupsIntoOneSurvivor), 1)]
    [InlineData(nameof(OneGatewayGivesToTwoSurvivors), 2)]
    [InlineData(nameof(AVirtualServiceRoutesTheHostThroughAGatewayOutsideTheGroup), 2)]
    public void A_stop_at_any_write_of_a_found_case_reruns_to_the_uninterrupted_end(string name, int groups)
    {
        var yaml = name switch
        {
            nameof(OneGatewayGivesToTwoSurvivors) => OneGatewayGivesToTwoSurvivors,
            nameof(AVirtualServiceRoutesTheHostThroughAGatewayOutsideTheGroup) => AVirtualServiceRoutesTheHostThroughAGatewayOutsideTheGroup,
            nameof(AnotherGroupMovesTheReroutingServerAway) => AnotherGroupMovesTheReroutingServerAway,
            _ => MergeSkipTests.TwoGroupsIntoOneSurvivor,
        };
        var plan = Merging.Plan(new FakeCluster(yaml).Read());
        var finished = Finished(yaml);

        Assert.Equal(groups, plan.Groups.Count);
        Assert.False(Merging.Plan(RunToEnd(yaml).Read()).HasChanges);
        for (var stop = 1; stop <= plan.Steps.Count; stop++)
        {
            StopAndRerun(yaml, new MergeOptions(), plan, stop, finished);
        }
    }

    private static void StopAndRerun(string yaml, MergeOptions options, MergePlan plan, int stop, SortedDictionary<string, string> finished)
    {
        var routed = Merging.Routed(new FakeCluster(yaml).Snapshot());
        var cluster = new FakeCluster(yaml) { Fault = (n, _) => n == stop ? new ConflictException("conflict") : null };
        var backups = Directory.CreateTempSubdirectory("merge-property-").FullName;
        try
        {
            var stopped = Assert.Throws<MergeStoppedException>(() => new MergeExecutor(cluster).RunAsync(plan, backups, _ => { }, CancellationToken.None).GetAwaiter().GetResult());
            if (!IntoAGatewayIstiodTakesLater(plan, options))
            {
                Assert.Equal(routed, Merging.Routed(cluster.Snapshot(), routed));
            }
            cluster.Fault = (_, _) => null;
            var rerun = Merging.Plan(cluster.Read(), options);
            new MergeExecutor(cluster).RunAsync(rerun, backups, _ => { }, CancellationToken.None).GetAwaiter().GetResult();

            Assert.Equal(routed, Merging.Routed(cluster.Snapshot(), routed));
            if (stopped.Message.Contains("A re-run cannot see", StringComparison.Ordinal))
            {
                // Only names of deleted Gateways or a wildcard are left over, and only when the message says so.
                Assert.Contains(plan.Steps.Skip(stop - 1), s => s.Kind is StepKind.Unbind or StepKind.Wildcard);
                Assert.False(Merging.Plan(cluster.Read(), options).HasChanges);
            }
            else
            {
                Assert.Equal(finished, cluster.State());
            }
        }
        finally
        {
            Directory.Delete(backups, recursive: true);
        }
    }

    /// <summary>The documented limit, and only it: <c>--into</c> a Gateway that istiod takes after
    /// another Gateway of its group (the plan warns). From the survivor's write until that other
    /// Gateway loses its server, istiod serves the other server and skips the merged one, so the
    /// merged hosts that other server does not list are not served. Without <c>--into</c> the
    /// survivor is the Gateway istiod takes first, and every stop must keep every route.</summary>
    private static bool IntoAGatewayIstiodTakesLater(MergePlan plan, MergeOptions options) =>
        options.Into is { } into && plan.Groups.Any(g => g.Survivor.Key == into.ToString()
            && g.Servers.Any(s => Merging.IstiodTakesFirst.Compare(s.Gateway, g.Survivor) < 0));

    private static SortedDictionary<string, string> Finished(string yaml, MergeOptions? options = null) => RunToEnd(yaml, options).State();

    private static FakeCluster RunToEnd(string yaml, MergeOptions? options = null)
    {
        var clean = new FakeCluster(yaml);
        var plan = Merging.Plan(clean.Read(), options);
        var backups = Directory.CreateTempSubdirectory("merge-finished-").FullName;
        try
        {
            new MergeExecutor(clean).RunAsync(plan, backups, _ => { }, CancellationToken.None).GetAwaiter().GetResult();
        }
        finally
        {
            Directory.Delete(backups, recursive: true);
        }
        return clean;
    }
}
