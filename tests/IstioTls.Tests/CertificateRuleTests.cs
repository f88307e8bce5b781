using IstioTls.Analysis;
using IstioTls.Tests.Support;
using static IstioTls.Tests.Support.Manifests;

namespace IstioTls.Tests;

/// <summary>
/// <c>--inspect-certs</c> on files: certificates generated here, in Secrets of the gateway
/// workload's namespace, and the findings each situation must give.
/// </summary>
public class CertificateRuleTests
{
    private const string Ingress = "istio=ingressgateway";
    private static readonly string Workload = Deployment("istio-system/ingress", Ingress);

    private static readonly TestCertificate Wildcard = TestCertificates.Create(["*.example.com"]);
    private static readonly TestCertificate ApexAndWildcard = TestCertificates.Create(["example.com", "*.example.com"]);
    private static readonly TestCertificate Shop = TestCertificates.Create(["shop.example.com"]);
    private static readonly TestCertificate Www = TestCertificates.Create(["www.example.com"]);
    private static readonly TestCertificate CommonNameOnly = TestCertificates.Create([], commonName: "shop.example.com");
    private static readonly TestCertificate Expired = TestCertificates.Create(["old.example.com"], notAfter: DateTimeOffset.UtcNow.AddDays(-3));
    // X.509 keeps whole seconds.
    private static readonly DateTimeOffset ExpiringAt = new(DateTimeOffset.UtcNow.AddDays(10).UtcDateTime.Ticks / TimeSpan.TicksPerSecond * TimeSpan.TicksPerSecond, TimeSpan.Zero);
    private static readonly TestCertificate Expiring = TestCertificates.Create(["soon.example.com"], notAfter: ExpiringAt);

    private static string Secret(string name, TestCertificate? certificate, string? key = "tls.crt") => Manifests.Secret($"istio-system/{name}", certificate, key);

    private static string Two(string hostA, string secretA, string hostB, string secretB, string modeA = "SIMPLE") =>
        Gateway("web/a", Ingress, [Server(443, hostA, $"mode: {modeA}, credentialName: {secretA}")]) + Gateway("web/b", Ingress, [Simple(443, hostB, secretB)]);

    // The situations alone are the theory's data: the YAML holds certificates generated afresh in
    // every process (new keys, dates from now), and data that changed between discovery and the
    // run would change the test IDs, which a mutation run (Stryker) matches across processes.
    public static TheoryData<string> Cases => [.. Situations.Keys];

    private static readonly Dictionary<string, (string Yaml, string[] Expected)> Situations = new TheoryData<string, string, string[]>
    {
        {
            "different certificates for different names: nothing",
            Workload + Two("www.example.com", "www", "shop.example.com", "shop") + Secret("www", Www) + Secret("shop", Shop),
            []
        },
        {
            "a host the covering server serves itself is not at risk",
            Workload + Gateway("web/a", Ingress, [Simple(443, "www.example.com,shop.example.com", "wild")]) + Gateway("web/b", Ingress, [Simple(443, "shop.example.com", "shop")]) + Secret("wild", Wildcard) + Secret("shop", Shop),
            ["DuplicateHost error web/a#0,web/b#0"]
        },
        {
            "a passthrough server's host can be covered",
            Workload + Gateway("web/a", Ingress, [Simple(443, "www.example.com", "wild")]) + Gateway("web/b", Ingress, [Server(443, "shop.example.com", "mode: PASSTHROUGH", protocol: "TLS")]) + Secret("wild", Wildcard),
            ["CoveringCertificate error web/a#0,web/b#0"]
        },
        {
            "an ISTIO_MUTUAL server's host is not covered: browsers do not reach it (mesh-internal)",
            Workload + Gateway("web/a", Ingress, [Simple(443, "www.example.com", "wild")]) + Gateway("web/b", Ingress, [Server(443, "shop.example.com", "mode: ISTIO_MUTUAL")]) + Secret("wild", Wildcard),
            []
        },
        {
            "an AUTO_PASSTHROUGH server's host is not covered: browsers do not reach it (mesh-internal)",
            Workload + Gateway("web/a", Ingress, [Simple(443, "www.example.com", "wild")]) + Gateway("web/b", Ingress, [Server(443, "shop.example.com", "mode: AUTO_PASSTHROUGH", protocol: "TLS")]) + Secret("wild", Wildcard),
            []
        },
        {
            "a MUTUAL covering server is a warning",
            Workload + Two("www.example.com", "wild", "shop.example.com", "shop", modeA: "MUTUAL") + Secret("wild", Wildcard) + Secret("shop", Shop),
            ["CoveringCertificate warning web/a#0,web/b#0"]
        },
        {
            "servers on different ports are never covered",
            Workload + Gateway("web/a", Ingress, [Simple(443, "www.example.com", "wild")]) + Gateway("web/b", Ingress, [Simple(8443, "shop.example.com", "shop")]) + Secret("wild", Wildcard) + Secret("shop", Shop),
            []
        },
        {
            "the common name counts only without DNS names",
            Workload + Two("www.example.com", "wild", "shop.example.com", "cn") + Secret("wild", Wildcard) + Secret("cn", CommonNameOnly),
            ["CoveringCertificate error web/a#0,web/b#0"]
        },
        {
            "the covered host belongs to the server SNI selects (the exact host, not the wildcard); the wildcard server's own host pattern serves the others' hosts",
            Workload + Gateway("web/a", Ingress, [Simple(443, "www.example.com", "www-shop")]) + Gateway("web/b", Ingress, [Simple(443, "*.example.com", "wild")]) + Gateway("web/c", Ingress, [Simple(443, "shop.example.com", "shop")])
                + Secret("www-shop", TestCertificates.Create(["www.example.com", "shop.example.com"])) + Secret("wild", Wildcard) + Secret("shop", Shop),
            ["CoveringCertificate error web/a#0,web/c#0"]
        },
        {
            "a certificate that expires within 30 days",
            Workload + Gateway("web/a", Ingress, [Simple(443, "soon.example.com", "soon")]) + Secret("soon", Expiring),
            ["CertificateExpiring warning web/a#0"]
        },
        {
            "a host the server's own certificate does not cover",
            Workload + Gateway("web/a", Ingress, [Simple(443, "www.example.com,typo.example.org,*", "www")]) + Secret("www", Www),
            ["HostNotCovered warning web/a#0"]
        },
        {
            "Secrets are looked up in the workload's namespace, not the Gateway's",
            Workload + Two("www.example.com", "wild", "shop.example.com", "shop") + Manifests.Secret("web/wild", Wildcard) + Secret("wild", Www) + Secret("shop", Shop),
            []
        },
    }.ToDictionary(row => (string)row[0], row => ((string)row[1], (string[])row[2]));

    [Theory]
    [MemberData(nameof(Cases))]
    public void Certificates_give_the_findings_of_the_rules(string situation)
    {
        var (yaml, expected) = Situations[situation];
        var report = CheckCertificates(yaml);

        Assert.True(report.Warnings.Count == 0, $"{situation}: unexpected warnings: {string.Join("; ", report.Warnings)}");
        Assert.Equal(expected, Describe(report.Findings));
    }

    [Fact]
    public void Without_inspect_certs_Secrets_are_not_read_and_names_decide()
    {
        var yaml = Workload + Two("a.example.com", "wild-a", "b.example.com", "wild-b") + Secret("wild-a", Wildcard) + Secret("wild-b", Wildcard)
            + Gateway("web/old", Ingress, [Simple(8443, "old.example.com", "old")]) + Secret("old", Expired);

        var report = Check(yaml);

        Assert.Empty(report.Findings);
        Assert.Empty(report.Warnings);
    }

    [Fact]
    public void A_covering_finding_names_each_host_with_the_SAN_that_covers_it()
    {
        var report = CheckCertificates(Workload + Gateway("web/a", Ingress, [Simple(443, "example.com", "apex")]) + Gateway("web/b", Ingress, [Simple(443, "shop.example.com,www.example.com,a.b.example.com", "own")])
            + Secret("apex", ApexAndWildcard) + Secret("own", TestCertificates.Create(["shop.example.com", "www.example.com", "a.b.example.com"])));

        var finding = Assert.Single(report.Findings);
        var covering = Assert.IsType<CoveringCertificateDetail>(finding.Detail);
        Assert.Equal([new CoveredHost("shop.example.com", "*.example.com"), new CoveredHost("www.example.com", "*.example.com")], covering.CoveredHosts);
        Assert.Equal(["shop.example.com", "www.example.com"], covering.Hosts);
        Assert.Equal("istio-system/apex", covering.Certificate);
        Assert.Equal([ApexAndWildcard.Fingerprint], covering.Fingerprints);
        Assert.Equal(["web/a#0", "web/b#0"], finding.Servers.Select(s => s.Key));
        Assert.Contains("a browser with an HTTP/2 connection to example.com reuses it for those hosts and gets 404", finding.Message, StringComparison.Ordinal);
    }

    /// <summary>Offline, nested selectors: a wildcard of web/a's server covers web/b's host only
    /// if both selectors reach the same pods; the possible group of both reports no covering
    /// certificate.</summary>
    [Fact]
    public void A_possible_group_reports_no_covering_certificate()
    {
        var report = CheckCertificates(Gateway("web/a", Ingress, [Simple(443, "www.example.com", "wild")])
            + Gateway("web/b", Ingress + ",app=b", [Simple(443, "shop.example.com", "shop")])
            + Secret("wild", Wildcard) + Secret("shop", Shop));

        Assert.Empty(report.Findings);
        Assert.Empty(report.Warnings);
    }

    /// <summary>The covering finding says whether its listener port is established (a Service
    /// was read): a filter limited to a port, or --port-forward, relies on it.</summary>
    [Theory]
    [InlineData(true, 8443)]
    [InlineData(false, 443)]
    public void A_covering_finding_tells_whether_a_Service_established_its_port(bool withService, int listenerPort)
    {
        var report = CheckCertificates(Workload + (withService ? IngressService : "") + Two("www.example.com", "wild", "shop.example.com", "shop") + Secret("wild", Wildcard) + Secret("shop", Shop));

        var finding = Assert.Single(report.Findings);
        Assert.Equal(FindingCodes.CoveringCertificate, finding.Code);
        Assert.Equal(listenerPort, finding.Binding!.Value.Port);
        Assert.Equal(withService, finding.PortEstablished);
    }

    [Fact]
    public void A_certificate_in_two_Secrets_is_named_by_both_and_its_fingerprint()
    {
        var report = CheckCertificates(Workload + Two("a.example.com", "wild-a", "b.example.com", "wild-b") + Secret("wild-a", Wildcard) + Secret("wild-b", Wildcard));

        var finding = Assert.Single(report.Findings);
        var shared = Assert.IsType<SharedCertificateDetail>(finding.Detail);
        Assert.Equal("istio-system/wild-a, istio-system/wild-b", shared.Certificate);
        Assert.Equal([Wildcard.Fingerprint], shared.Fingerprints);
        Assert.Contains("istio-system/wild-a and istio-system/wild-b (one certificate in 2 Secrets)", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_certificate_only_one_server_presents_is_not_shared_even_from_two_of_its_Secrets()
    {
        // Server a presents the wildcard certificate from two Secrets, and shares only www with
        // b: counted once per server, the wildcard is held by one server and is not named.
        var yaml = Workload
            + Gateway("web/a", Ingress, [Server(443, "www.example.com", "mode: SIMPLE, credentialNames: [wild-a, wild-b, www]")])
            + Gateway("web/b", Ingress, [Simple(443, "www2.example.com", "www")])
            + Secret("wild-a", Wildcard) + Secret("wild-b", Wildcard) + Secret("www", Www);

        var finding = Assert.Single(CheckCertificates(yaml).Findings, f => f.Code == FindingCodes.SharedCertificate);

        var shared = Assert.IsType<SharedCertificateDetail>(finding.Detail);
        Assert.Equal("istio-system/www", shared.Certificate);
        Assert.Equal([Www.Fingerprint], shared.Fingerprints);
    }

    [Fact]
    public void Expiry_gives_the_date_and_honours_the_warning_window()
    {
        var yaml = Workload + Gateway("web/a", Ingress, [Simple(443, "soon.example.com", "soon")]) + Secret("soon", Expiring);

        var finding = Assert.Single(CheckCertificates(yaml).Findings);
        Assert.Equal(FindingCodes.CertificateExpiring, finding.Code);
        Assert.Equal(ExpiringAt, Assert.IsType<CertificateValidityDetail>(finding.Detail).NotAfter);
        Assert.Contains($"expires at {ExpiringAt.UtcDateTime:yyyy-MM-dd'T'HH:mm:ss'Z'}, within 30 days", finding.Message, StringComparison.Ordinal);
        Assert.Empty(CheckCertificates(yaml, TimeSpan.FromDays(7)).Findings);
        Assert.Single(CheckCertificates(yaml, TimeSpan.FromDays(11)).Findings);
    }

    [Fact]
    public void An_expired_certificate_is_reported_whatever_the_warning_window()
    {
        var yaml = Workload + Gateway("web/a", Ingress, [Simple(443, "old.example.com", "old")]) + Secret("old", Expired);

        var finding = Assert.Single(CheckCertificates(yaml, TimeSpan.Zero).Findings);
        Assert.Equal(FindingCodes.CertificateExpired, finding.Code);
        Assert.True(Assert.IsType<CertificateValidityDetail>(finding.Detail).NotAfter < DateTimeOffset.UtcNow);
    }

    [Fact]
    public void Host_not_covered_names_the_hosts_and_the_certificates_names()
    {
        var finding = Assert.Single(CheckCertificates(Workload + Gateway("web/a", Ingress, [Simple(443, "www.example.com,typo.example.org,*.example.net", "www")]) + Secret("www", Www)).Findings);

        var notCovered = Assert.IsType<HostNotCoveredDetail>(finding.Detail);
        Assert.Equal(["typo.example.org", "*.example.net"], notCovered.Hosts);
        Assert.Equal(["www.example.com"], notCovered.DnsNames);
    }

    [Fact]
    public void A_Secret_without_a_certificate_is_a_warning_and_its_name_decides()
    {
        var report = CheckCertificates(Workload + Two("a.example.com", "empty", "b.example.com", "empty") + Secret("empty", null, null));

        Assert.Equal(["SharedCertificate error web/a#0,web/b#0"], Describe(report.Findings));
        var shared = Assert.IsType<SharedCertificateDetail>(report.Findings[0].Detail);
        Assert.Equal("istio-system/empty", shared.Certificate);
        Assert.Empty(shared.Fingerprints);
        Assert.Equal(["--inspect-certs: Secret istio-system/empty holds no certificate (no tls.crt or cert key); servers that use it are compared by Secret name"], report.Warnings);
    }

    [Theory]
    [InlineData("data: {tls.crt: bm90IGEgY2VydA==}", "data.tls.crt is not a PEM or DER X.509 certificate")]
    [InlineData("data: {tls.crt: '%%%'}", "data.tls.crt is not base64")]
    [InlineData("stringData: {cert: 'hello'}", "stringData.cert is not a PEM or DER X.509 certificate")]
    [InlineData("stringData: {tls.crt: \"-----BEGIN CERTIFICATE-----\\nAAAA\\n-----END CERTIFICATE-----\\n\"}", "stringData.tls.crt is not a PEM or DER X.509 certificate")]
    public void A_Secret_that_is_not_a_certificate_is_named_with_the_reason(string data, string reason)
    {
        var report = CheckCertificates(Workload + Gateway("web/a", Ingress, [Simple(443, "a.example.com", "bad")]) + $"---\napiVersion: v1\nkind: Secret\nmetadata: {{name: bad, namespace: istio-system}}\n{data}\n");

        Assert.Equal([$"--inspect-certs: Secret istio-system/bad {reason}; servers that use it are compared by Secret name"], report.Warnings);
    }

    [Fact]
    public void A_referenced_Secret_missing_from_the_input_is_a_warning()
    {
        var report = CheckCertificates(Workload + Gateway("web/a", Ingress, [Simple(443, "a.example.com", "absent")]));

        Assert.Equal(["--inspect-certs: Secret istio-system/absent is not in the input; servers that use it are compared by Secret name"], report.Warnings);
    }

    [Fact]
    public void Without_workloads_a_Secret_name_in_one_namespace_of_the_input_is_taken()
    {
        var report = CheckCertificates(Two("www.example.com", "wild", "shop.example.com", "shop") + Secret("wild", Wildcard) + Secret("shop", Shop));

        Assert.Empty(report.Warnings);
        Assert.Equal("istio-system/wild", Assert.IsType<CoveringCertificateDetail>(Assert.Single(report.Findings).Detail).Certificate);
    }

    [Fact]
    public void Without_workloads_a_Secret_name_in_two_namespaces_is_ambiguous()
    {
        var report = CheckCertificates(Gateway("web/a", Ingress, [Simple(443, "a.example.com", "wild")]) + Secret("wild", Wildcard) + Manifests.Secret("other/wild", Wildcard));

        Assert.Equal(["--inspect-certs: Secret wild is in several namespaces of the input (istio-system, other), and no Pod or Deployment in the input tells the namespace of its gateway workload; servers that use it are compared by Secret name"], report.Warnings);
    }

    [Fact]
    public void The_private_key_is_never_part_of_what_is_kept()
    {
        var snapshot = Snapshot(Workload + Gateway("web/a", Ingress, [Simple(443, "www.example.com", "www")]) + Secret("www", Www), inspectCertificates: true);

        var secret = Assert.Single(snapshot.Secrets);
        Assert.Equal(["www.example.com"], secret.Certificate!.DnsNames);
        Assert.Equal(Www.Fingerprint, secret.Certificate.Fingerprint);
        var kept = secret.ToString();
        Assert.DoesNotContain("BEGIN", kept, StringComparison.Ordinal);
        Assert.DoesNotContain(TestCertificates.Base64(Www.KeyPem)[..40], kept, StringComparison.Ordinal);
    }
}
