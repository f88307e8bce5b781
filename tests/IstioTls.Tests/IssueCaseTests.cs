using IstioTls.Tests.Support;
using static IstioTls.Tests.Support.Manifests;

namespace IstioTls.Tests;

/// <summary>Issue 8's cases on files; LiveCertificateTests runs the same ones on a cluster.</summary>
public class IssueCaseTests
{
    public static TheoryData<string> Situations => NamedRows.Names(IssueCases.All, c => c.Situation);

    [Theory]
    [MemberData(nameof(Situations))]
    public void Files_give_the_stated_verdicts(string situation)
    {
        var @case = NamedRows.Row(IssueCases.All, c => c.Situation, situation);
        var report = CheckCertificates(@case.Yaml);

        Assert.Equal(@case.Findings, Describe(report.Findings));
        Assert.Equal(@case.Warnings, report.Warnings);
    }
}
