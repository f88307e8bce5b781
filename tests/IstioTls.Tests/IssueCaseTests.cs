using IstioTls.Tests.Support;
using static IstioTls.Tests.Support.Manifests;

namespace IstioTls.Tests;

/// <summary>Issue 8's cases on files; LiveCertificateTests runs the same ones on a cluster.</summary>
public class IssueCaseTests
{
    public static TheoryData<IssueCases.Case> Cases => [.. IssueCases.All];

    [Theory]
    [MemberData(nameof(Cases))]
    public void Files_give_the_stated_verdicts(IssueCases.Case @case)
    {
        var report = CheckCertificates(@case.Yaml);

        Assert.Equal(@case.Findings, Describe(report.Findings));
        Assert.Equal(@case.Warnings, report.Warnings);
    }
}
