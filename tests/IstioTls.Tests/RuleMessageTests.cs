using IstioTls.Analysis;
using IstioTls.Tests.Support;
using static IstioTls.Tests.Support.Manifests;
using static IstioTls.Tests.Support.MisdirectedFixtures;

namespace IstioTls.Tests;

/// <summary>
/// What the rules say when there are several of something (hosts, certificate names, Secrets,
/// workloads), and how a possible group's finding stands beside a definite one: the cases that
/// Stryker showed no test read (survivors of Analysis/Rules, 2026-12-02).
/// </summary>
public class RuleMessageTests
{
    private static readonly DateTimeOffset NotAfter = new(2030, 6, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly TestCertificate Two = TestCertificates.Create(["www.example.com", "api.example.com"], notAfter: NotAfter);

    [Fact]
    public void HostNotCovered_lists_every_name_of_the_certificate()
    {
        var yaml = Deployment("istio-system/ingress", Ingress) + Gateway("web/a", Ingress, [Simple(443, "www.example.com,shop.example.com", "two")]) + Secret("istio-system/two", Two);

        var finding = Assert.Single(CheckCertificates(yaml).Findings, f => f.Code == FindingCodes.HostNotCovered);

        Assert.EndsWith("(the certificate is for www.example.com, api.example.com)", finding.Message, StringComparison.Ordinal);
    }

    /// <summary>A certificate with no DNS name (no subjectAltName, an empty CN) covers no host;
    /// a server's <c>*</c> is not a host a browser asks for, so it is not listed.</summary>
    [Fact]
    public void HostNotCovered_by_a_certificate_without_names_lists_the_hosts_but_not_star()
    {
        var nameless = TestCertificates.Create([], commonName: "");
        var yaml = Deployment("istio-system/ingress", Ingress) + Gateway("web/a", Ingress, [Simple(443, "*,www.example.com", "nameless")]) + Secret("istio-system/nameless", nameless);

        var finding = Assert.Single(CheckCertificates(yaml).Findings, f => f.Code == FindingCodes.HostNotCovered);

        Assert.Equal("the certificate of web/a server 0 (istio-system/nameless) does not cover www.example.com; browsers refuse that host on port 443 (the certificate is for no DNS name)", finding.Message);
    }

    /// <summary>Two Secrets holding one certificate: one finding, naming both, in order.</summary>
    [Fact]
    public void An_expired_certificate_in_two_Secrets_is_one_finding_naming_both()
    {
        var yaml = Deployment("istio-system/ingress", Ingress)
            + Gateway("web/a", Ingress, [Simple(443, "www.example.com", "b-copy"), Simple(443, "api.example.com", "a-copy")])
            + Secret("istio-system/b-copy", Two) + Secret("istio-system/a-copy", Two);

        var report = Analyzer.Check(Snapshot(yaml, inspectCertificates: true), new CheckOptions { Now = NotAfter });

        var finding = Assert.Single(report.Findings, f => f.Code == FindingCodes.CertificateExpired);
        Assert.Equal("certificate istio-system/a-copy, istio-system/b-copy expired at 2030-06-01T00:00:00Z; browsers refuse 2 servers on port 443", finding.Message);
    }

    [Fact]
    public void An_expiry_warning_under_an_hour_is_said_in_hours_to_two_decimals()
    {
        var yaml = Deployment("istio-system/ingress", Ingress) + Gateway("web/a", Ingress, [Simple(443, "www.example.com", "two")]) + Secret("istio-system/two", Two);

        var report = Analyzer.Check(Snapshot(yaml, inspectCertificates: true), new CheckOptions { Now = NotAfter.AddMinutes(-10), ExpiryWarning = TimeSpan.FromMinutes(20) });

        var finding = Assert.Single(report.Findings, f => f.Code == FindingCodes.CertificateExpiring);
        Assert.Contains("within 0.33 hours (--expiry-warning)", finding.Message, StringComparison.Ordinal);
    }

    /// <summary>Two deployments in one namespace that different sets of Gateways reach are two
    /// groups; the finding they both see is reported once, naming both workloads.</summary>
    [Fact]
    public void One_finding_seen_by_two_workloads_names_both()
    {
        var yaml = Deployment("istio-system/plain", Ingress) + Deployment("istio-system/shop", Ingress + ",app=shop")
            + Gateway("web/a", Ingress, [Simple(443, "a.example.com"), Simple(443, "b.example.com")])
            + Gateway("web/shop", "app=shop", [Simple(443, "shop.example.com", "shop")]);

        var finding = Assert.Single(Check(yaml).Findings);

        Assert.Equal("SharedCertificate error web/a#0,web/a#1", Describe([finding])[0]);
        Assert.Equal(["istio-system/plain", "istio-system/shop"], finding.Workloads.Order(StringComparer.Ordinal));
    }

    /// <summary>Offline, nested selectors: the definite group's finding stands, and the possible
    /// group's, which adds a server, is reported too (it is not the same servers).</summary>
    [Fact]
    public void A_possible_finding_with_more_servers_stands_beside_the_definite_one()
    {
        var yaml = Gateway("web/a", Ingress, [Simple(443, "a.example.com"), Simple(443, "b.example.com")])
            + Gateway("web/b", Ingress + ",app=b", [Simple(443, "c.example.com")]);

        Assert.Equal(
            ["PossibleSharedCertificate info web/a#0,web/a#1,web/b#0", "SharedCertificate error web/a#0,web/a#1"],
            Describe(Check(yaml).Findings).Order(StringComparer.Ordinal));
    }

    /// <summary>Offline, nested selectors: each Gateway's group reports the expired certificate
    /// of its own server; the possible group of both adds no third finding over both servers.</summary>
    [Fact]
    public void A_possible_group_reports_no_certificate_validity()
    {
        var yaml = Gateway("web/a", Ingress, [Simple(443, "www.example.com", "two")])
            + Gateway("web/b", Ingress + ",app=b", [Simple(443, "api.example.com", "two")])
            + Secret("istio-system/two", Two);

        var report = Analyzer.Check(Snapshot(yaml, inspectCertificates: true), new CheckOptions { Now = NotAfter });

        Assert.Equal(
            ["CertificateExpired error web/a#0", "CertificateExpired error web/b#0"],
            Describe(report.Findings.Where(f => f.Code == FindingCodes.CertificateExpired)).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void CoveringCertificate_names_each_covered_host_and_the_name_that_covers_it()
    {
        var many = TestCertificates.Create(["www.example.com", "shop.example.com", "*.api.example.com"]);
        var yaml = Deployment("istio-system/ingress", Ingress)
            + Gateway("web/a", Ingress, [Server(443, "www.example.com", "mode: MUTUAL, credentialName: many")])
            + Gateway("web/b", Ingress, [Simple(443, "shop.example.com,v1.api.example.com", "b")])
            + Secret("istio-system/many", many) + Secret("istio-system/b", TestCertificates.Create(["shop.example.com", "v1.api.example.com"]));

        var finding = Assert.Single(CheckCertificates(yaml).Findings, f => f.Code == FindingCodes.CoveringCertificate);

        Assert.Equal(
            "certificate istio-system/many of web/a server 0 also covers shop.example.com, v1.api.example.com (by *.api.example.com), which web/b server 0 serves on port 443: a browser with an HTTP/2 connection to www.example.com reuses it for those hosts and gets 404 (MUTUAL: Chromium does not pool connections that sent a client certificate, other clients may)",
            finding.Message);
        Assert.Equal(Severity.Warning, finding.Severity);
    }

    /// <summary>A covering server that presents two certificates (credentialNames): the finding
    /// names both, as the server presents them.</summary>
    [Fact]
    public void CoveringCertificate_names_every_certificate_of_the_covering_server()
    {
        var yaml = Deployment("istio-system/ingress", Ingress)
            + Gateway("web/a", Ingress, [Server(443, "www.example.com", "mode: SIMPLE, credentialNames: [wild, www]")])
            + Gateway("web/b", Ingress, [Simple(443, "shop.example.com", "shop")])
            + Secret("istio-system/wild", TestCertificates.Create(["*.example.com"])) + Secret("istio-system/www", TestCertificates.Create(["www.example.com"]))
            + Secret("istio-system/shop", TestCertificates.Create(["shop.example.com"]));

        var finding = Assert.Single(CheckCertificates(yaml).Findings, f => f.Code == FindingCodes.CoveringCertificate);

        Assert.Equal(
            "certificate istio-system/wild, istio-system/www of web/a server 0 also covers shop.example.com (by *.example.com), which web/b server 0 serves on port 443: a browser with an HTTP/2 connection to www.example.com reuses it for shop.example.com and gets 404",
            finding.Message);
        Assert.Equal("istio-system/wild, istio-system/www", Assert.IsType<CoveringCertificateDetail>(finding.Detail).Certificate);
    }

    /// <summary>The host a browser would have connected to: the covering server's first exact
    /// host; when it has only wildcards, a host of the first; with no hosts, the server.</summary>
    [Theory]
    [InlineData("\"*.example.com\", \"*.shop.example.com\"", "a host of *.example.com")]
    [InlineData("\"*.example.com\", \"www.example.com\"", "www.example.com")]
    [InlineData("", "a host of web/a server 0")]
    public void CoveringCertificate_names_a_host_the_browser_connected_to(string coveringHosts, string example)
    {
        var wild = TestCertificates.Create(["*.example.com", "shop.other.com"]);
        var yaml = Deployment("istio-system/ingress", Ingress)
            + Gateway("web/a", Ingress, [$"{{port: {{number: 443, name: https, protocol: HTTPS}}, hosts: [{coveringHosts}], tls: {{mode: SIMPLE, credentialName: wild}}}}"])
            + Gateway("web/b", Ingress, [Simple(443, "shop.other.com", "other")])
            + Secret("istio-system/wild", wild) + Secret("istio-system/other", TestCertificates.Create(["shop.other.com"]));

        var finding = Assert.Single(CheckCertificates(yaml).Findings, f => f.Code == FindingCodes.CoveringCertificate);

        Assert.Contains($"a browser with an HTTP/2 connection to {example} reuses it for shop.other.com and gets 404", finding.Message, StringComparison.Ordinal);
    }

    /// <summary>A server presenting two certificates shares one of them: the finding names the
    /// shared one only.</summary>
    [Fact]
    public void SharedCertificate_names_only_the_certificate_the_servers_share()
    {
        var yaml = Gateway("a/one", Ingress, [Server(443, "a.example.com", "mode: SIMPLE, credentialNames: [rsa, ecdsa]")])
            + Gateway("b/two", Ingress, [Server(443, "b.example.com", "mode: SIMPLE, credentialNames: [ecdsa]")]);

        var finding = Assert.Single(Check(yaml).Findings);

        Assert.StartsWith("2 servers on port 443 of one gateway workload share TLS certificate ecdsa;", finding.Message, StringComparison.Ordinal);
    }

    /// <summary>The merge keeps the oldest Gateway; when not every Gateway has a creation time,
    /// the fix says how the tie is broken. istiod takes a missing time as the zero time, so
    /// the Gateway without one is the oldest.</summary>
    [Theory]
    [InlineData("2024-01-01T00:00:00Z", "2024-01-02T00:00:00Z", "merge them into one server of Gateway web/a (the oldest): ")]
    [InlineData("2024-01-01T00:00:00Z", null, "merge them into one server of Gateway web/b (the oldest, else first by name, then namespace): ")]
    [InlineData(null, null, "merge them into one server of Gateway web/a (the oldest, else first by name, then namespace): ")]
    public void SharedCertificate_fix_names_the_Gateway_kept_and_why(string? createdA, string? createdB, string fix)
    {
        var yaml = Gateway("web/a", Ingress, [Simple(443, "a.example.com")], created: createdA)
            + Gateway("web/b", Ingress, [Simple(443, "b.example.com")], created: createdB);

        var finding = Assert.Single(Check(yaml).Findings);

        Assert.StartsWith(fix, finding.Fix!.Text, StringComparison.Ordinal);
    }

    /// <summary>A server presenting two certificates (credentialNames: one RSA, one ECDSA, say):
    /// a host counts as covered by either; the finding names both.</summary>
    [Fact]
    public void HostNotCovered_names_every_certificate_of_the_server()
    {
        var www = TestCertificates.Create(["www.example.com"]);
        var yaml = Deployment("istio-system/ingress", Ingress)
            + Gateway("web/a", Ingress, [Server(443, "www.example.com,api.example.com,shop.example.com", "mode: SIMPLE, credentialNames: [rsa, ecdsa]")])
            + Secret("istio-system/rsa", www) + Secret("istio-system/ecdsa", Two);

        var finding = Assert.Single(CheckCertificates(yaml).Findings, f => f.Code == FindingCodes.HostNotCovered);

        Assert.StartsWith("the certificate of web/a server 0 (istio-system/rsa, istio-system/ecdsa) does not cover shop.example.com;", finding.Message, StringComparison.Ordinal);
    }

    /// <summary>A server whose two hosts two older servers hold: istiod keeps both of them and
    /// drops it; the finding names the three.</summary>
    [Fact]
    public void DuplicateHost_names_every_server_that_keeps_a_host()
    {
        var yaml = Gateway("web/a", Ingress, [Simple(443, "a.example.com", "cert-a")], created: "2024-01-01T00:00:00Z")
            + Gateway("web/b", Ingress, [Simple(443, "b.example.com", "cert-b")], created: "2024-01-02T00:00:00Z")
            + Gateway("web/c", Ingress, [Simple(443, "a.example.com,b.example.com", "cert-c")], created: "2024-01-03T00:00:00Z");

        var finding = Assert.Single(Check(yaml).Findings, f => f.Code == FindingCodes.DuplicateHost);

        Assert.Equal("3 servers on port 443 list a.example.com, b.example.com; istiod keeps web/a server 0, web/b server 0 (the oldest) and drops web/c server 0 with all its hosts", finding.Message);
    }

    /// <summary>Two SNI names that two servers both give chains for: the finding and its fix name
    /// both, word for word.</summary>
    [Fact]
    public void ListenerRejected_names_every_clashing_name()
    {
        var yaml = Gateway("a/one", Ingress, [Simple(443, "ns1/shop.example.com,ns1/www.example.com", "cert-x")])
            + Gateway("b/two", Ingress, [Simple(443, "./shop.example.com,./www.example.com", "cert-y")]);

        var finding = Assert.Single(Check(yaml).Findings);

        Assert.Equal(FindingCodes.ListenerRejected, finding.Code);
        Assert.Equal("2 servers on port 443 give filter chains that match SNI shop.example.com, www.example.com; Envoy rejects the whole listener, so every host on port 443 fails (worse than a 404)", finding.Message);
        Assert.Equal("list shop.example.com, www.example.com in only one server on port 443 (istiod compares hosts as written: ns1/shop.example.com and ns2/shop.example.com are no duplicates to it)", finding.Fix!.Text);
        Assert.Equal(["shop.example.com", "www.example.com"], Assert.IsType<ListenerRejectedDetail>(finding.Detail).ServerNames);
    }

    /// <summary>Offline, nested selectors: a possible finding is left out only when a finding
    /// already names the same servers; one that shares a server with a definite finding of as many
    /// servers (a/one#0 here) still stands.</summary>
    [Fact]
    public void A_possible_finding_that_shares_only_some_servers_with_a_definite_one_stands()
    {
        var yaml = Gateway("a/one", Ingress, [Simple(443, "ns1/shop.example.com", "cert-x"), Simple(443, "www.example.com", "cert-x")])
            + Gateway("b/two", Ingress + ",app=shop", [Simple(443, "./shop.example.com", "cert-y")]);

        Assert.Equal(
            ["ListenerRejected info a/one#0,b/two#0", "SharedCertificate error a/one#0,a/one#1"],
            Describe(Check(yaml).Findings).Order(StringComparer.Ordinal));
    }

    /// <summary>Offline, nested selectors: two chains for one SNI name are a rejected listener
    /// only if the pods turn out to be the same: info, as every possible finding.</summary>
    [Fact]
    public void A_possible_group_reports_a_rejected_listener_at_info()
    {
        var yaml = Gateway("a/one", Ingress, [Simple(443, "ns1/shop.example.com", "cert-x")])
            + Gateway("b/two", Ingress + ",app=shop", [Simple(443, "./shop.example.com", "cert-y")]);

        Assert.Equal(["ListenerRejected info a/one#0,b/two#0"], Describe(Check(yaml).Findings.Where(f => f.Code == FindingCodes.ListenerRejected)));
    }
}
