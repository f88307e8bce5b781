using IstioTls.Analysis;
using IstioTls.Application;
using IstioTls.CommandLine;
using IstioTls.Tests.Support;
using static IstioTls.Tests.Support.Manifests;

namespace IstioTls.Tests;

/// <summary>--fail-on at the edges: a finding exactly at the threshold fails, one below it does
/// not; and several clusters' reports combined.</summary>
public class CheckReportTests
{
    private const string Ingress = "istio=ingressgateway";

    // One finding of each severity: SharedCertificate error, an all-MUTUAL SharedCertificate
    // warning on 8443, a PossibleSharedCertificate info on 9443.
    private static readonly CheckReport Mixed = Check(
        Gateway("a/one", Ingress, [Simple(443, "a.example.com"), Server(8443, "c.example.com", "mode: MUTUAL, credentialName: m")])
        + Gateway("b/two", Ingress, [Simple(443, "b.example.com"), Server(8443, "d.example.com", "mode: MUTUAL, credentialName: m")])
        + Gateway("c/three", Ingress + ",app=shop", [Simple(9443, "e.example.com", "p")])
        + Gateway("d/four", Ingress, [Simple(9443, "f.example.com", "p")]));

    private static readonly CheckReport OnlyWarning = Check(
        Gateway("a/one", Ingress, [Server(443, "a.example.com", "mode: MUTUAL, credentialName: m")]) + Gateway("b/two", Ingress, [Server(443, "b.example.com", "mode: MUTUAL, credentialName: m")]));

    private static readonly CheckReport OnlyInfo = Check(
        Gateway("a/one", Ingress, [Simple(443, "a.example.com")]) + Gateway("b/two", Ingress + ",app=shop", [Simple(443, "b.example.com")]));

    private static readonly CheckReport Clean = Check(Gateway("a/one", Ingress, [Simple(443, "a.example.com")]));

    public static TheoryData<string, string, int> Thresholds => new()
    {
        { "warning", "error", 1 },
        { "warning", "warning", 1 },
        { "warning", "info", 1 },
        { "warning", "none", 0 },
        { "only-warning", "error", 0 },
        { "only-warning", "warning", 1 },
        { "only-warning", "info", 1 },
        { "only-info", "warning", 0 },
        { "only-info", "info", 1 },
        { "clean", "info", 0 },
    };

    [Theory]
    [MemberData(nameof(Thresholds))]
    public void A_finding_at_the_threshold_fails(string report, string failOn, int exitCode)
    {
        var chosen = report switch { "warning" => Mixed, "only-warning" => OnlyWarning, "only-info" => OnlyInfo, _ => Clean };
        var threshold = FailOn.Parse(failOn);

        Assert.Equal(exitCode == 1, chosen.Fails(threshold));
        Assert.Equal(exitCode, CheckRun.ExitCode(chosen, threshold));
    }

    [Fact]
    public void The_mixed_report_has_one_finding_of_each_severity()
    {
        Assert.Equal(
            ["SharedCertificate error a/one#0,b/two#0", "SharedCertificate warning a/one#1,b/two#1", "PossibleSharedCertificate info d/four#0,c/three#0"],
            Describe(Mixed.Findings));
        Assert.Equal(1, Mixed.Count(Severity.Error));
        Assert.Equal(1, Mixed.Count(Severity.Warning));
        Assert.Equal(1, Mixed.Count(Severity.Info));
        Assert.Equal(0, Clean.Count(Severity.Error));
    }

    [Fact]
    public void Errors_and_strict_warnings_exit_2_before_findings()
    {
        var withError = new CheckReport { Findings = OnlyInfo.Findings, Suppressed = [], Checked = CheckedCounts.Zero, Errors = ["context \"x\": unreachable"] };
        var withWarning = new CheckReport { Findings = [], Suppressed = [], Checked = CheckedCounts.Zero, Warnings = ["a warning"] };

        Assert.Equal(2, CheckRun.ExitCode(withError, null));
        Assert.Equal(2, CheckRun.ExitCode(withWarning, Severity.Error, strict: true));
        Assert.Equal(0, CheckRun.ExitCode(withWarning, Severity.Error, strict: false));
        Assert.Equal(0, CheckRun.ExitCode(Clean, Severity.Error, strict: true));
    }

    [Fact]
    public void Combine_keeps_every_report_s_parts()
    {
        var first = new CheckReport
        {
            Findings = OnlyWarning.Findings, Suppressed = OnlyInfo.Findings, Checked = new CheckedCounts(1, 2, 3, 4, 5, 6),
            Warnings = ["w1"], Contexts = ["one"], Partial = false,
        };
        var second = new CheckReport
        {
            Findings = OnlyInfo.Findings, Suppressed = [], Checked = new CheckedCounts(10, 20, 30, 40, 50, 60),
            Warnings = ["w2"], Contexts = ["two"], FailedContexts = ["three"], Errors = ["e"], Partial = true,
        };

        var combined = CheckReport.Combine([first, second]);

        Assert.Equal([.. Describe(OnlyWarning.Findings), .. Describe(OnlyInfo.Findings)], Describe(combined.Findings));
        Assert.Equal(Describe(OnlyInfo.Findings), Describe(combined.Suppressed));
        Assert.Equal(new CheckedCounts(11, 22, 33, 44, 55, 66), combined.Checked);
        Assert.Equal(["w1", "w2"], combined.Warnings);
        Assert.Equal(["one", "two"], combined.Contexts);
        Assert.Equal(["three"], combined.FailedContexts);
        Assert.Equal(["e"], combined.Errors);
        Assert.True(combined.Partial);
        Assert.False(CheckReport.Combine([first]).Partial);
        Assert.Equal(CheckedCounts.Zero, CheckReport.Combine([]).Checked);
    }
}
