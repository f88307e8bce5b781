using IstioTls.Analysis;
using IstioTls.Model;
using IstioTls.Tests.Support;
using static IstioTls.Tests.Support.Manifests;

namespace IstioTls.Tests;

/// <summary>
/// The judge's stages after the rules: what a suppressed finding becomes, which findings
/// <c>--namespace</c> keeps (the analysis sees every namespace, the report shows those that
/// involve one), what is counted, and how a context read for several names is reported.
/// </summary>
public class AnalyzerTests
{
    private const string Ingress = "istio=ingressgateway";

    // The seed's 421 snippet, moved out of the root namespace: a finding about an EnvoyFilter
    // in a namespace where no server and no workload is.
    private static readonly string SeedFilter = File.ReadAllText(Path.Combine(Repo.Cases, "seed-misdirected-filter.yaml"))
        .Replace("namespace: istio-system", "namespace: mesh-filters", StringComparison.Ordinal);

    private static readonly string Input =
        Deployment("istio-system/ingress", Ingress)
        + Pod("istio-system/ingress-x-1", Ingress, owner: "ingress-x", hash: "x")
        + Pod("istio-system/ingress-x-2", Ingress, owner: "ingress-x", hash: "x")
        + Gateway("team-a/one", Ingress, [Simple(443, "one.example.com", "shared")], created: "2024-01-01T00:00:00Z")
        + Gateway("team-b/two", Ingress, [Simple(443, "two.example.com", "shared")], created: "2024-01-02T00:00:00Z")
        + Gateway("team-c/three", Ingress, [Simple(443, "three.example.com", "other")], created: "2024-01-03T00:00:00Z", ignore: "SharedCertificate")
        + Gateway("team-c/four", Ingress, [Simple(443, "four.example.com", "other")], created: "2024-01-04T00:00:00Z", ignore: "SharedCertificate")
        + "---\napiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata: {name: one, namespace: team-a}\nspec:\n  hosts: [one.example.com]\n  gateways: [one]\n"
        + "---\napiVersion: networking.istio.io/v1\nkind: Gateway\nmetadata: {name: broken, namespace: team-d}\nspec:\n  servers: not-a-list\n"
        + "---\n" + SeedFilter;

    /// <summary>Each --namespace and the findings, then the suppressed findings, it keeps.</summary>
    public static TheoryData<string, string?, string[], string[]> Namespaces => new()
    {
        {
            "none: everything", null,
            ["SharedCertificate error team-a/one#0,team-b/two#0", "SeedMisdirectedFilter warning "],
            ["SharedCertificate error team-c/three#0,team-c/four#0"]
        },
        { "a namespace of one server", "team-b", ["SharedCertificate error team-a/one#0,team-b/two#0"], [] },
        { "suppressed findings are limited alike", "team-c", [], ["SharedCertificate error team-c/three#0,team-c/four#0"] },
        { "the EnvoyFilter's namespace", "mesh-filters", ["SeedMisdirectedFilter warning "], [] },
        {
            "the gateway workload's namespace: every finding on the workload", "istio-system",
            ["SharedCertificate error team-a/one#0,team-b/two#0"],
            ["SharedCertificate error team-c/three#0,team-c/four#0"]
        },
        { "a prefix of a namespace is not that namespace", "istio", [], [] },
        { "a namespace nothing involves", "team-z", [], [] },
    };

    [Theory]
    [MemberData(nameof(Namespaces))]
    public void The_report_keeps_the_findings_that_involve_the_namespace(string situation, string? ns, string[] findings, string[] suppressed)
    {
        var report = Analyzer.Check(Snapshot(Input), new CheckOptions { Namespace = ns });

        Assert.True(findings.SequenceEqual(Describe(report.Findings)), $"{situation}: {string.Join("; ", Describe(report.Findings))}");
        Assert.True(suppressed.SequenceEqual(Describe(report.Suppressed)), $"{situation}: suppressed {string.Join("; ", Describe(report.Suppressed))}");
    }

    [Fact]
    public void The_report_counts_what_was_read_whatever_the_namespace()
    {
        var expected = new CheckedCounts(Gateways: 4, Servers: 4, VirtualServices: 1, EnvoyFilters: 1, Workloads: 1, Skipped: 1);

        Assert.Equal(expected, Analyzer.Check(Snapshot(Input)).Checked);
        Assert.Equal(expected, Analyzer.Check(Snapshot(Input), new CheckOptions { Namespace = "team-z" }).Checked);
    }

    [Fact]
    public void Files_name_no_context()
    {
        var report = Analyzer.Check(Snapshot(Input));

        Assert.Empty(report.Contexts);
        Assert.Empty(report.SameAs);
        Assert.All(report.Findings.Concat(report.Suppressed), f => Assert.Null(f.Context));
        Assert.All(report.Findings.Concat(report.Suppressed), f => Assert.Empty(f.SameAs));
    }

    [Fact]
    public void A_context_read_once_for_several_names_reports_every_name_on_every_finding()
    {
        var report = Analyzer.Check(Snapshot(Input, new ContextOrigin("prod") { SameAs = ["prod-admin", "prod-ci"] }));

        Assert.Equal(["prod", "prod-admin", "prod-ci"], report.Contexts);
        Assert.Equal(["prod", "prod-admin", "prod-ci"], Assert.Single(report.SameAs));
        var all = report.Findings.Concat(report.Suppressed).ToList();
        Assert.Equal(3, all.Count);
        Assert.All(all, f => Assert.Equal("prod", f.Context));
        Assert.All(all, f => Assert.Equal(["prod-admin", "prod-ci"], f.SameAs));
    }

    [Fact]
    public void A_context_read_for_one_name_reports_that_name_alone()
    {
        var report = Analyzer.Check(Snapshot(Input, new ContextOrigin("prod")));

        Assert.Equal(["prod"], report.Contexts);
        Assert.Empty(report.SameAs);
        Assert.All(report.Findings, f => Assert.Equal("prod", f.Context));
    }
}
