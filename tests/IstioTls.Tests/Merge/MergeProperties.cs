using IstioTls.Documents;
using System.Text.Json.Nodes;
using CsCheck;
using IstioTls.Analysis;
using IstioTls.Model;
using IstioTls.Plans;
using IstioTls.Plans.Merge;
using IstioTls.Printers;
using IstioTls.Tests.Support;

namespace IstioTls.Tests.Merge;

/// <summary>
/// The issue's invariants of a merge plan, each on many generated clusters: applying the plan
/// leaves no shared-certificate finding for the merged groups; every host served before is
/// served after with the same certificate; every VirtualService binding survives, and every
/// host that had routes (as istiod picks servers) still has them; nothing outside the groups
/// changes; planning the result again plans nothing.
/// </summary>
public class MergeProperties
{
    private const int Iterations = 300;

    private static (ConfigSnapshot Before, MergePlan Plan, ConfigSnapshot After) Merge(GeneratedClusters.ClusterSpec cluster)
    {
        var (before, plan, after) = MergeRead(cluster);
        return (before.Snapshot, plan, after.Snapshot);
    }

    /// <summary>As <see cref="Merge"/>, with the objects as read before and after.</summary>
    private static ((ConfigSnapshot Snapshot, ObjectsAsRead Objects) Before, MergePlan Plan, (ConfigSnapshot Snapshot, ObjectsAsRead Objects) After) MergeRead(GeneratedClusters.ClusterSpec cluster)
    {
        var before = Manifests.Read(GeneratedClusters.Render(cluster));
        var plan = Merging.Plan(before, cluster.Options);
        return (before, plan, Merging.Applied(before, plan));
    }

    [Fact]
    public void No_shared_certificate_finding_is_left_for_a_merged_group()
    {
        GeneratedClusters.Cluster.Sample(cluster =>
        {
            var (_, plan, after) = Merge(cluster);

            var merged = plan.Groups.Select(g => Key(g.Finding)).ToHashSet();
            var left = Analyzer.Check(after).Findings.Where(f => f.Code == FindingCodes.SharedCertificate && merged.Contains(Key(f)));
            Assert.Empty(left);
        }, iter: Iterations);
    }

    [Fact]
    public void Every_host_served_before_is_served_after_with_the_same_certificate()
    {
        GeneratedClusters.Cluster.Sample(cluster =>
        {
            var (before, _, after) = Merge(cluster);

            var served = Merging.Served(after).Select(Split).ToList();
            foreach (var (listener, host) in Merging.Served(before).Select(Split))
            {
                Assert.True(served.Any(s => s.Listener == listener && Merging.Covers(s.Host, host)), $"{host} on {listener} is no longer served");
            }
        }, iter: Iterations);
    }

    [Fact]
    public void Every_virtual_service_binding_survives()
    {
        GeneratedClusters.Cluster.Sample(cluster =>
        {
            var (before, _, after) = Merge(cluster);

            var lost = Merging.Bindings(before).Except(Merging.Bindings(after)).ToList();
            Assert.True(lost.Count == 0, $"lost bindings: {string.Join("; ", lost)}");
        }, iter: Iterations);
    }

    [Fact]
    public void Every_host_routed_before_is_routed_after()
    {
        GeneratedClusters.Cluster.Sample(cluster =>
        {
            var (before, _, after) = Merge(cluster);

            var routed = Merging.Routed(before);
            var lost = routed.Except(Merging.Routed(after, routed)).ToList();
            Assert.True(lost.Count == 0, $"no longer routed: {string.Join("; ", lost)}");
        }, iter: Iterations);
    }

    [Fact]
    public void Nothing_outside_the_groups_changes()
    {
        GeneratedClusters.Cluster.Sample(cluster =>
        {
            var (read, plan, _) = MergeRead(cluster);
            var before = read.Snapshot;
            var grouped = plan.Groups.SelectMany(g => g.Servers).ToHashSet();
            var absorbed = plan.Groups.SelectMany(g => g.Servers.Where(s => s.Gateway != g.Survivor).Select(s => s.Gateway.Key)).ToHashSet();
            var gateways = before.Gateways.ToDictionary(g => g.Key);

            foreach (var planned in plan.Apply.Where(p => p.Target.Kind == "Gateway"))
            {
                var gateway = gateways[$"{planned.Target.Namespace}/{planned.Target.Name}"];
                Assert.Contains(gateway.Servers, grouped.Contains);
                // The servers outside the groups are all there, as written and in order.
                var kept = gateway.Servers.Where(s => !grouped.Contains(s)).Select(s => read.Objects.Of(gateway)["spec"]!["servers"]![s.Index]!.ToJsonString());
                var now = planned.Object["spec"]!["servers"]!.AsArray().Select(s => s!.ToJsonString());
                Assert.Equal(kept, now.Where(kept.Contains));
                Assert.Equal(gateway.Servers.Count(s => !grouped.Contains(s)) + plan.Groups.Count(g => g.Survivor == gateway), now.Count());
                Assert.True(JsonNode.DeepEquals(WithoutServers(ManifestObjects.ForApply(read.Objects.Of(gateway), gateway.Meta.Namespace)), WithoutServers(planned.Object)));
            }
            foreach (var deletion in plan.Delete)
            {
                Assert.All(gateways[$"{deletion.Target.Namespace}/{deletion.Target.Name}"].Servers, s => Assert.Contains(s, grouped));
            }
            foreach (var planned in plan.Apply.Where(p => p.Target.Kind == "VirtualService"))
            {
                var vs = before.VirtualServices.Single(v => v.Meta.Name == planned.Target.Name && v.Meta.Namespace == planned.Target.Namespace);
                Assert.Contains(vs.GatewayReferences, r => vs.ResolveGateway(r.Name) is { } key && absorbed.Contains(key));
                Assert.True(JsonNode.DeepEquals(WithoutGatewayNames(ManifestObjects.ForApply(read.Objects.Of(vs), vs.Meta.Namespace)), WithoutGatewayNames(planned.Object)));
            }
        }, iter: Iterations);
    }

    [Fact]
    public void Planning_the_result_again_plans_nothing()
    {
        GeneratedClusters.Cluster.Sample(cluster =>
        {
            var (_, _, after) = MergeRead(cluster);

            var again = Merging.Plan(after, cluster.Options);
            Assert.False(again.HasChanges, string.Join("\n", again.Steps.Select(s => s.Description)));
        }, iter: Iterations);
    }

    [Fact]
    public void The_plan_does_not_depend_on_the_order_of_the_documents()
    {
        Gen.Select(GeneratedClusters.Cluster, Gen.Int).Sample((cluster, seed) =>
        {
            var random = new Random(seed);
            var documents = GeneratedClusters.Render(cluster).Split("---\n", StringSplitOptions.RemoveEmptyEntries);
            var shuffled = string.Concat(documents.OrderBy(_ => random.Next()).Select(d => "---\n" + d));

            var plan = MergePlanDocument.Build(Merging.Plan(Manifests.Read(GeneratedClusters.Render(cluster)), cluster.Options));
            var again = MergePlanDocument.Build(Merging.Plan(Manifests.Read(shuffled), cluster.Options));
            Assert.Equal(plan.ToJsonString(), again.ToJsonString());
        }, iter: 200);
    }

    private static string Key(Finding finding) => $"{finding.Binding?.Port}|{finding.Binding?.Bind}|{Assert.IsType<SharedCertificateDetail>(finding.Detail).Certificate}|{finding.Selector}";

    private static (string Listener, string Host) Split(string served)
    {
        var cut = served.LastIndexOf('|');
        return (served[..cut], served[(cut + 1)..]);
    }

    private static JsonObject WithoutServers(JsonObject obj)
    {
        var copy = obj.DeepClone().AsObject();
        copy["spec"]!.AsObject().Remove("servers");
        return copy;
    }

    private static JsonNode WithoutGatewayNames(JsonObject obj)
    {
        var copy = obj.DeepClone().AsObject();
        copy["spec"]!.AsObject().Remove("gateways");
        foreach (var route in copy["spec"]!["http"]?.AsArray() ?? [])
        {
            foreach (var match in route!["match"]?.AsArray() ?? [])
            {
                match!.AsObject().Remove("gateways");
            }
        }
        return copy;
    }
}
