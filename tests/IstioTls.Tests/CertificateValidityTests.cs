using IstioTls.Analysis;
using IstioTls.Tests.Support;
using static IstioTls.Tests.Support.Manifests;

namespace IstioTls.Tests;

/// <summary>
/// CertificateExpired and CertificateExpiring at their edges, against a fixed now: a certificate
/// is expired from its notAfter on, and expiring while notAfter is within --expiry-warning of now,
/// the edge included.
/// </summary>
public class CertificateValidityTests
{
    private const string Ingress = "istio=ingressgateway";
    private static readonly DateTimeOffset NotAfter = new(2030, 6, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly TestCertificate Soon = TestCertificates.Create(["soon.example.com"], notAfter: NotAfter);
    private static readonly string Workload = Deployment("istio-system/ingress", Ingress);
    private static readonly string OneServer = Workload + Gateway("web/a", Ingress, [Simple(443, "soon.example.com", "soon")]) + Secret("istio-system/soon", Soon);

    /// <summary>Now as seconds before notAfter, the warning in seconds, and the findings.</summary>
    public static TheoryData<string, long, long, string[]> Edges => new()
    {
        { "expired exactly at notAfter", 0, 30 * 86400, ["CertificateExpired error web/a#0"] },
        { "expired after notAfter", -1, 30 * 86400, ["CertificateExpired error web/a#0"] },
        { "one second before notAfter: expiring", 1, 30 * 86400, ["CertificateExpiring warning web/a#0"] },
        { "notAfter exactly at the warning's edge: expiring", 30 * 86400, 30 * 86400, ["CertificateExpiring warning web/a#0"] },
        { "one second beyond the warning: nothing", 30 * 86400 + 1, 30 * 86400, [] },
        { "no warning: only expired ones", 1, 0, [] },
        { "no warning, at notAfter: expired", 0, 0, ["CertificateExpired error web/a#0"] },
    };

    [Theory]
    [MemberData(nameof(Edges))]
    public void At_the_edges(string situation, long secondsBefore, long warningSeconds, string[] expected)
    {
        var report = Check(OneServer, NotAfter.AddSeconds(-secondsBefore), TimeSpan.FromSeconds(warningSeconds));

        Assert.True(expected.SequenceEqual(Describe(report.Findings)), $"{situation}: {string.Join("; ", Describe(report.Findings))}");
    }

    [Fact]
    public void An_expired_certificate_says_when_and_whom_browsers_refuse()
    {
        var finding = Assert.Single(Check(OneServer, NotAfter, TimeSpan.FromDays(30)).Findings);

        Assert.Equal("certificate istio-system/soon expired at 2030-06-01T00:00:00Z; browsers refuse web/a server 0 on port 443", finding.Message);
        var detail = Assert.IsType<CertificateValidityDetail>(finding.Detail);
        Assert.Equal("istio-system/soon", detail.Certificate);
        Assert.Equal([Soon.Fingerprint], detail.Fingerprints);
        Assert.Equal(NotAfter, detail.NotAfter);
        Assert.Equal(["soon.example.com"], detail.Hosts);
        Assert.Equal("renew the certificate in istio-system/soon", finding.Fix!.Text);
        Assert.Null(finding.Fix.MergeInto);
        Assert.Equal(["istio-system/ingress"], finding.Workloads);
        Assert.Equal("istio=ingressgateway", finding.Selector.ToString());
    }

    /// <summary>The warning as written: whole days, else hours.</summary>
    public static TheoryData<long, string> Warnings => new()
    {
        { 30 * 86400, "within 30 days" },
        { 86400, "within 1 day" },
        { 36 * 3600, "within 36 hours" },
        { 12 * 3600, "within 12 hours" },
        { 5400, "within 1.5 hours" },
    };

    [Theory]
    [MemberData(nameof(Warnings))]
    public void An_expiring_certificate_names_the_warning(long warningSeconds, string within)
    {
        var finding = Assert.Single(Check(OneServer, NotAfter.AddSeconds(-1), TimeSpan.FromSeconds(warningSeconds)).Findings);

        Assert.Equal($"certificate istio-system/soon expires at 2030-06-01T00:00:00Z, {within} (--expiry-warning); web/a server 0 on port 443 presents it", finding.Message);
        Assert.Equal(Severity.Warning, finding.Severity);
    }

    [Fact]
    public void Servers_that_present_one_certificate_are_one_finding()
    {
        var yaml = Workload + Gateway("web/a", Ingress, [Simple(443, "soon.example.com", "soon"), Simple(443, "SOON.example.com,www.example.com", "soon"), Simple(8443, "other.example.com", "soon")])
            + Secret("istio-system/soon", Soon);

        var findings = Check(yaml, NotAfter.AddDays(-1), TimeSpan.FromDays(30)).Findings.Where(f => f.Code == FindingCodes.CertificateExpiring).ToList();

        Assert.Equal(["CertificateExpiring warning web/a#0,web/a#1", "CertificateExpiring warning web/a#2"], Describe(findings));
        Assert.Equal("certificate istio-system/soon expires at 2030-06-01T00:00:00Z, within 30 days (--expiry-warning); 2 servers on port 443 present it", findings[0].Message);
        Assert.Equal(["soon.example.com", "www.example.com"], findings[0].Detail.Hosts);
    }

    /// <summary>Offline, nested selectors: the possible group of both Gateways judges no
    /// certificate's dates; each Gateway's own group reports its server. Server b also presents
    /// a second certificate that c shares, so the possible group's shared finding holds a, b and c
    /// and does not stand for a finding over a and b alone.</summary>
    [Fact]
    public void A_possible_group_adds_no_expiry_finding_over_both_Gateways()
    {
        var other = TestCertificates.Create(["other.example.com"], notAfter: NotAfter.AddYears(1));
        var yaml = Gateway("web/a", Ingress, [Simple(443, "soon.example.com", "soon")])
            + Gateway("web/b", Ingress + ",app=b", [Server(443, "www.example.com", "mode: SIMPLE, credentialNames: [soon, other]")])
            + Gateway("web/c", Ingress + ",app=b", [Simple(443, "other.example.com", "other")])
            + Secret("istio-system/soon", Soon) + Secret("istio-system/other", other);

        var report = Check(yaml, NotAfter, TimeSpan.FromDays(30));

        Assert.Contains("PossibleSharedCertificate info web/a#0,web/b#0,web/c#0", Describe(report.Findings));
        Assert.Equal(
            ["CertificateExpired error web/a#0", "CertificateExpired error web/b#0"],
            Describe(report.Findings.Where(f => f.Code == FindingCodes.CertificateExpired)).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Without_inspect_certs_nothing()
    {
        var notInspected = Analyzer.Check(Snapshot(OneServer), new CheckOptions { Now = NotAfter });

        Assert.Empty(notInspected.Findings);
        Assert.Single(Check(OneServer, NotAfter, TimeSpan.Zero).Findings);
    }

    private static CheckReport Check(string yaml, DateTimeOffset now, TimeSpan warning) =>
        Analyzer.Check(Snapshot(yaml, inspectCertificates: true), new CheckOptions { Now = now, ExpiryWarning = warning });
}
