using IstioTls.Analysis;
using IstioTls.Tests.Support;
using static IstioTls.Tests.Support.Manifests;

namespace IstioTls.Tests;

/// <summary>HostNotCovered in full: which hosts a server's own certificate leaves out, and what
/// the finding says about them.</summary>
public class HostNotCoveredTests
{
    private const string Ingress = "istio=ingressgateway";
    private static readonly string Workload = Deployment("istio-system/ingress", Ingress);
    private static readonly TestCertificate Www = TestCertificates.Create(["www.example.com"]);
    private static readonly TestCertificate Wildcard = TestCertificates.Create(["*.example.com"]);
    private static readonly TestCertificate CommonName = TestCertificates.Create([], commonName: "www.example.com");

    private static readonly Dictionary<string, TestCertificate> Certificates = new() { ["www"] = Www, ["wild"] = Wildcard, ["cn"] = CommonName };

    /// <summary>The server's hosts, its certificate, and the message and fix (empty: no finding).</summary>
    public static TheoryData<string, string, string, string> Cases => new()
    {
        { "www.example.com", "www", "", "" },
        { "WWW.example.com.", "www", "", "" },
        { "*", "www", "", "" },
        { "www.example.com,*", "www", "", "" },
        {
            "www.example.com,shop.example.com", "www",
            "the certificate of web/a server 0 (istio-system/www) does not cover shop.example.com; browsers refuse that host on port 443 (the certificate is for www.example.com)",
            "add shop.example.com to the certificate in istio-system/www, or remove the host from web/a server 0"
        },
        {
            "www.example.com,Shop.example.com,shop.example.com,typo.example.org", "www",
            "the certificate of web/a server 0 (istio-system/www) does not cover shop.example.com, typo.example.org; browsers refuse those hosts on port 443 (the certificate is for www.example.com)",
            "add shop.example.com, typo.example.org to the certificate in istio-system/www, or remove the hosts from web/a server 0"
        },
        { "*.example.com", "www", "", "" },
        { "*.example.com,a.example.com", "wild", "", "" },
        {
            "*.example.org,a.b.example.com", "wild",
            "the certificate of web/a server 0 (istio-system/wild) does not cover *.example.org, a.b.example.com; browsers refuse those hosts on port 443 (the certificate is for *.example.com)",
            "add *.example.org, a.b.example.com to the certificate in istio-system/wild, or remove the hosts from web/a server 0"
        },
        { "www.example.com", "cn", "", "" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Hosts_the_own_certificate_does_not_cover(string hosts, string secret, string message, string fix)
    {
        var report = CheckCertificates(Workload + Gateway("web/a", Ingress, [Simple(443, hosts, secret)]) + Secret($"istio-system/{secret}", Certificates[secret]));

        var findings = report.Findings.Where(f => f.Code == FindingCodes.HostNotCovered).ToList();
        if (message.Length == 0)
        {
            Assert.Empty(findings);
            return;
        }
        var finding = Assert.Single(findings);
        Assert.Equal(message, finding.Message);
        Assert.Equal(fix, finding.Fix!.Text);
        Assert.Equal(Severity.Warning, finding.Severity);
        var detail = Assert.IsType<HostNotCoveredDetail>(finding.Detail);
        Assert.Equal($"istio-system/{secret}", detail.Certificate);
        Assert.Equal([Certificates[secret].Fingerprint], detail.Fingerprints);
        Assert.Equal(["istio-system/ingress"], finding.Workloads);
    }

    [Fact]
    public void The_finding_names_the_uncovered_hosts_the_certificate_names_and_the_server()
    {
        var report = CheckCertificates(Workload + Gateway("web/a", Ingress, [Simple(8443, "www.example.com,Shop.example.com,typo.example.org", "www")]) + Secret("istio-system/www", Www));

        var finding = Assert.Single(report.Findings, f => f.Code == FindingCodes.HostNotCovered);
        var detail = Assert.IsType<HostNotCoveredDetail>(finding.Detail);
        Assert.Equal(["shop.example.com", "typo.example.org"], detail.Uncovered);
        Assert.Equal(["www.example.com"], detail.DnsNames);
        Assert.Equal("web/a server 0", Assert.Single(finding.Servers).ToString());
        Assert.Equal(new PortBinding(8443, null), finding.Binding);
        Assert.Equal(Ingress, finding.Selector.ToString());
    }

    /// <summary>Nested selectors offline make a possible group of both Gateways besides their own
    /// groups: a server's certificate is judged once, in its own group.</summary>
    [Fact]
    public void A_possible_group_does_not_repeat_the_finding()
    {
        var yaml = Gateway("web/a", Ingress, [Simple(443, "shop.example.com", "www")])
            + Gateway("web/b", Ingress + ",app=b", [Simple(443, "www.example.com", "www")])
            + Secret("istio-system/www", Www);

        var report = CheckCertificates(yaml);

        // The possible group is there: its shared certificate is an info finding.
        Assert.Contains(report.Findings, f => f.Code == FindingCodes.PossibleSharedCertificate);
        Assert.Equal(["HostNotCovered warning web/a#0"], Describe(report.Findings.Where(f => f.Code == FindingCodes.HostNotCovered)));
    }

    /// <summary>Offline, nested selectors, where the possible group keeps a server that its own
    /// group drops: in web/a's group, web/a2 lists x after the older web/a1 and istiod drops it;
    /// with web/b (older still) web/a1 is dropped for h1 and web/a2 kept. Certificates are judged
    /// in the Gateways' own groups only, so web/a2's uncovered y is not reported.</summary>
    [Fact]
    public void A_possible_group_judges_no_certificate_even_of_a_server_only_it_keeps()
    {
        var h1 = TestCertificates.Create(["h1.example.com"]);
        var h1AndX = TestCertificates.Create(["h1.example.com", "x.example.com"]);
        var x = TestCertificates.Create(["x.example.com"]);
        var yaml = Gateway("web/b", Ingress + ",app=b", [Simple(443, "h1.example.com", "h1")], created: "2024-01-01T00:00:00Z")
            + Gateway("web/a1", Ingress, [Simple(443, "h1.example.com,x.example.com", "h1x")], created: "2024-01-02T00:00:00Z")
            + Gateway("web/a2", Ingress, [Simple(443, "x.example.com,y.example.com", "x")], created: "2024-01-03T00:00:00Z")
            + Secret("istio-system/h1", h1) + Secret("istio-system/h1x", h1AndX) + Secret("istio-system/x", x);

        var report = CheckCertificates(yaml);

        Assert.Equal(["DuplicateHost error web/a1#0,web/a2#0", "DuplicateHost info web/b#0,web/a1#0"], Describe(report.Findings));
    }

    [Fact]
    public void Not_without_inspect_certs_nor_for_a_server_whose_certificate_was_not_read()
    {
        var yaml = Workload + Gateway("web/a", Ingress, [Simple(443, "shop.example.com", "www"), Simple(443, "other.example.com", "missing")]) + Secret("istio-system/www", Www);

        Assert.Empty(Check(yaml).Findings);
        Assert.Equal(["HostNotCovered warning web/a#0"], Describe(CheckCertificates(yaml).Findings.Where(f => f.Code == FindingCodes.HostNotCovered)));
    }
}
