using IstioTls.Analysis;
using IstioTls.Model;
using static IstioTls.Tests.Support.Manifests;

namespace IstioTls.Tests;

/// <summary>Live, a Gateway whose selector reaches none of the gateway pods listed is served by
/// no proxy now: its findings are info. Where pods were not listed (files, or forbidden), nothing
/// tells, and the fallback to equal selectors reports as before.</summary>
public class ReachesNoPodTests
{
    private const string Ingress = "istio=ingressgateway";

    // Two Gateways of one selector share a certificate on port 443 (SharedCertificate, error).
    private static readonly string SharedOn = Gateway("istio-system/a", "istio=ingressgateway-2", [Simple(443, "a.example.com")])
        + Gateway("istio-system/b", "istio=ingressgateway-2", [Simple(443, "b.example.com")]);

    private static readonly string IngressPod = Pod("istio-system/istio-ingressgateway-7d4-abcde", Ingress, owner: "istio-ingressgateway-7d4", hash: "7d4");

    public enum Source { ClusterPodsListed, ClusterPodsForbidden, Files }

    [Theory]
    [InlineData(Source.ClusterPodsListed, Severity.Info)]
    [InlineData(Source.ClusterPodsForbidden, Severity.Error)]
    [InlineData(Source.Files, Severity.Error)]
    public void A_selector_that_reaches_no_pod_listed_is_info_live_only(Source source, Severity expected)
    {
        var report = Analyzer.Check(Read(SharedOn + IngressPod, source));

        var finding = Assert.Single(report.Findings);
        Assert.Equal(FindingCodes.SharedCertificate, finding.Code);
        Assert.Equal(expected, finding.Severity);
        Assert.Equal(expected == Severity.Info, finding.Message.EndsWith("; selector istio=ingressgateway-2 reaches no gateway pod now, so no browser is at risk yet", StringComparison.Ordinal));
    }

    [Fact]
    public void Gateways_that_reach_a_listed_pod_stay_errors_live()
    {
        var yaml = Gateway("istio-system/a", Ingress, [Simple(443, "a.example.com")])
            + Gateway("istio-system/b", Ingress, [Simple(443, "b.example.com")]) + IngressPod;

        var finding = Assert.Single(Analyzer.Check(Read(yaml, Source.ClusterPodsListed)).Findings);

        Assert.Equal(Severity.Error, finding.Severity);
        Assert.Equal(["istio-system/istio-ingressgateway"], finding.Workloads);
    }

    /// <summary>Nested selectors that reach no pod: the possible group is no longer a warning.</summary>
    [Fact]
    public void Every_finding_of_a_group_without_pods_is_info_and_none_fails_the_run()
    {
        var yaml = Gateway("istio-system/outer", "istio=ingressgateway-2", [Simple(443, "a.example.com"), Simple(443, "a.example.com", "other")])
            + Gateway("istio-system/inner", "istio=ingressgateway-2,tier=public", [Simple(443, "b.example.com")]) + IngressPod;

        var live = Analyzer.Check(Read(yaml, Source.ClusterPodsListed));
        var files = Analyzer.Check(Read(yaml, Source.Files));

        Assert.NotEmpty(live.Findings);
        Assert.All(live.Findings, f => Assert.Equal(Severity.Info, f.Severity));
        Assert.Equal(files.Findings.Select(f => f.Code), live.Findings.Select(f => f.Code));
        Assert.Contains(files.Findings, f => f.Severity > Severity.Info);
        Assert.Equal(0, IstioTls.Application.CheckRun.ExitCode(live, Severity.Warning));
        Assert.Equal(1, IstioTls.Application.CheckRun.ExitCode(files, Severity.Warning));
    }

    /// <summary>Gateways without a selector reach every gateway pod, and their pods are never
    /// listed (a list by an empty selector would read every pod): beside a selector that reaches
    /// no pod, their own shared certificate is still a risk; with that selector's server it is not.</summary>
    [Fact]
    public void Servers_of_Gateways_without_a_selector_stay_at_risk_beside_a_selector_without_pods()
    {
        var yaml = Gateway("istio-system/a", "istio=ingressgateway-2", [Simple(443, "a.example.com")])
            + Gateway("istio-system/u1", "", [Simple(443, "u1.example.com")])
            + Gateway("istio-system/u2", "", [Simple(443, "u2.example.com")]) + IngressPod;

        var findings = Analyzer.Check(Read(yaml, Source.ClusterPodsListed)).Findings.Where(f => f.Code == FindingCodes.SharedCertificate).ToList();

        Assert.Contains(findings, f => f.Severity == Severity.Error && f.Servers.All(s => s.Gateway.Selector.IsEmpty));
        Assert.DoesNotContain(findings, f => f.Severity > Severity.Info && f.Servers.Any(s => !s.Gateway.Selector.IsEmpty));
    }

    private static ConfigSnapshot Read(string yaml, Source source) =>
        Snapshot(yaml, source == Source.Files ? SnapshotOrigin.Files : new ContextOrigin("test"), podsListed: source == Source.ClusterPodsListed);
}
