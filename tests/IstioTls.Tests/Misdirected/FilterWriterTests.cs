using System.Text.Json.Nodes;
using IstioTls.Analysis.Misdirected;
using IstioTls.Application;
using IstioTls.Plans.Misdirected;
using IstioTls.Tests.Support;
using static IstioTls.Tests.Support.Manifests;
using static IstioTls.Tests.Support.MisdirectedFixtures;

namespace IstioTls.Tests.Misdirected;

/// <summary>apply, re-apply and delete through <c>IClusterObjects</c>, against a cluster in memory.</summary>
public class FilterWriterTests
{
    private static readonly string Seed1 = File.ReadAllText(Path.Combine(Repo.Examples, "seed", "error-1-two-gateways.yaml"));
    private const string Name = "istio-system/istio-tls-421-istio-ingressgateway";

    private readonly InMemoryCluster _cluster = new();

    private MisdirectedFilterWriter Writer => new(_cluster);

    private static IReadOnlyList<PlannedFilter> Planned(string manifests, MisdirectedMode mode = MisdirectedMode.Strict) =>
        Plan(manifests, new Apply421Options { Mode = mode }).Filters;

    [Fact]
    public async Task Apply_creates_with_server_side_apply_and_a_second_run_changes_nothing()
    {
        var filters = Planned(Seed1);

        var first = await Writer.ApplyAsync(filters, CancellationToken.None);
        var stored = _cluster[filters[0].Ref]!.ToJsonString();
        var second = await Writer.ApplyAsync(filters, CancellationToken.None);

        Assert.Equal(["envoyfilter.networking.istio.io/istio-tls-421-istio-ingressgateway created"], first.Select(c => c.ToString()));
        Assert.Equal(["envoyfilter.networking.istio.io/istio-tls-421-istio-ingressgateway unchanged"], second.Select(c => c.ToString()));
        Assert.Equal([$"apply EnvoyFilter/{Name} fieldManager=kubectl-istio-tls force=False"], _cluster.Writes);
        Assert.Equal(stored, _cluster[filters[0].Ref]!.ToJsonString());
        Assert.True(JsonNode.DeepEquals(filters[0].Object["spec"], _cluster[filters[0].Ref]!["spec"]));
    }

    [Fact]
    public async Task Reapplying_after_the_gateways_changed_updates_the_filter()
    {
        await Writer.ApplyAsync(Planned(Seed1, MisdirectedMode.Precise), CancellationToken.None);
        var changed = Planned(Seed1 + Gateway("istio-system/third", Ingress, [Simple(443, "asm3.test.com", "testhl")]), MisdirectedMode.Precise);

        var changes = await Writer.ApplyAsync(changed, CancellationToken.None);

        Assert.Equal(FilterAction.Configured, Assert.Single(changes).Action);
        Assert.Equal($"apply EnvoyFilter/{Name} fieldManager=kubectl-istio-tls force=True", _cluster.Writes[^1]);
        Assert.Contains("asm3.test.com", _cluster[changed[0].Ref]!.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Labels_and_annotations_others_added_do_not_make_a_change()
    {
        var filters = Planned(Seed1);
        await Writer.ApplyAsync(filters, CancellationToken.None);
        var edited = _cluster[filters[0].Ref]!;
        edited["metadata"]!["labels"]!["team"] = "edge";
        edited["metadata"]!["annotations"] = new JsonObject { ["note"] = "kept" };
        _cluster.Seed(edited);

        var changes = await Writer.ApplyAsync(filters, CancellationToken.None);

        Assert.Equal(FilterAction.Unchanged, Assert.Single(changes).Action);
    }

    [Fact]
    public async Task A_filter_of_that_name_that_is_not_ours_is_left_alone()
    {
        var filters = Planned(Seed1);
        var theirs = filters[0].Object.DeepClone().AsObject();
        theirs["metadata"]!.AsObject().Remove("labels");
        _cluster.Seed(theirs);

        var applied = await Writer.ApplyAsync(filters, CancellationToken.None);
        var deleted = await Writer.DeleteAsync([filters[0].Ref], CancellationToken.None);

        Assert.Equal(FilterAction.NotOurs, Assert.Single(applied).Action);
        Assert.Equal(FilterAction.NotOurs, Assert.Single(deleted).Action);
        Assert.Empty(_cluster.Writes);
        Assert.NotNull(_cluster[filters[0].Ref]);
    }

    [Fact]
    public async Task Delete_removes_what_it_installed_with_a_precondition_and_nothing_else()
    {
        var filters = Planned(Seed1);
        await Writer.ApplyAsync(filters, CancellationToken.None);
        var version = (string)_cluster[filters[0].Ref]!["metadata"]!["resourceVersion"]!;
        var absent = filters[0].Ref with { Name = "istio-tls-421-istio-elsewhere" };

        var changes = await Writer.DeleteAsync([filters[0].Ref, absent], CancellationToken.None);

        Assert.Equal(
            ["envoyfilter.networking.istio.io/istio-tls-421-istio-ingressgateway deleted", "envoyfilter.networking.istio.io/istio-tls-421-istio-elsewhere not found in namespace istio-system"],
            changes.Select(c => c.ToString()));
        Assert.Equal($"delete EnvoyFilter/{Name} resourceVersion={version}", _cluster.Writes[^1]);
        Assert.Null(_cluster[filters[0].Ref]);
    }
}
