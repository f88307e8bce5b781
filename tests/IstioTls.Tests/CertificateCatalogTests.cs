using IstioTls.Analysis;
using IstioTls.Model;
using IstioTls.Tests.Support;
using static IstioTls.Tests.Support.Manifests;

namespace IstioTls.Tests;

/// <summary>
/// The Secrets <c>--inspect-certs</c> reads and how a server's reference finds one: in its
/// gateway workload's namespace; offline without a workload, by a name held in one namespace
/// only; live, never by name alone. And the warnings when a certificate stays unknown.
/// </summary>
public class CertificateCatalogTests
{
    private const string Ingress = "istio=ingressgateway";
    private static readonly TestCertificate Certificate = TestCertificates.Create(["a.example.com"]);
    private static readonly SnapshotOrigin Live = new ContextOrigin("prod");

    /// <summary>The YAML read with --inspect-certs from files, or live ("live").</summary>
    private static ConfigSnapshot Inspected(string source, string yaml) =>
        Snapshot(yaml, source == "live" ? Live : SnapshotOrigin.Files, inspectCertificates: true);

    [Fact]
    public void The_Secrets_read_are_those_terminating_servers_reference_sorted_by_namespace_then_name()
    {
        var snapshot = Snapshot(Deployment("istio-system/ingress", Ingress)
            + Gateway("web/a", Ingress,
            [
                Simple(443, "a.example.com", "zeta"),
                Simple(443, "b.example.com", "alpha"),
                Simple(443, "c.example.com", "alpha"),
                Server(443, "d.example.com", "mode: PASSTHROUGH, credentialName: passthrough", protocol: "TLS"),
                Server(8080, "e.example.com", "mode: SIMPLE, credentialName: plain-text", protocol: "HTTP"),
                Server(8443, "f.example.com", "mode: SIMPLE, serverCertificate: /etc/certs/f.pem, privateKey: /etc/certs/f.key"),
                Server(9443, "g.example.com", "mode: ISTIO_MUTUAL"),
            ])
            + Gateway("web/b", "istio=other", [Simple(443, "h.example.com", "beta")]));

        Assert.Equal([(null, "beta"), ("istio-system", "alpha"), ("istio-system", "zeta")], CertificateCatalog.Referenced(snapshot));
    }

    /// <summary>Offline, an Istio Gateway selecting a Gateway API Gateway's pods by their label
    /// may reach them: a possible group in the Gateway API namespace, which strict Gateway merging
    /// keeps to the Gateway API Gateway. The Istio Gateway's Secret is not looked for there.</summary>
    [Fact]
    public void A_possible_group_adds_no_Secret_to_read()
    {
        var snapshot = Snapshot(GatewayApi("store/web", [Listener("https", 443, "a.example.com", certificates: ["web-cert"])])
            + Gateway("web/istio", Model.Gateway.GatewayNameLabel + "=web", [Simple(443, "b.example.com", "istio-cert")]));

        Assert.Contains(WorkloadGroups.Resolve(snapshot), g => g.Possible && g.Namespace == "store");
        Assert.Equal([(null, "istio-cert"), ("store", "web-cert")], CertificateCatalog.Referenced(snapshot));
    }

    /// <summary>A mounted file (a relative path too) is presented as the file, and never looked
    /// up as a Secret: not even one whose name is the file's identity.</summary>
    [Fact]
    public void A_mounted_certificate_file_is_the_file_never_a_Secret()
    {
        var snapshot = Inspected("files", Gateway("web/a", Ingress, [Server(443, "a.example.com", "mode: SIMPLE, serverCertificate: tls.crt, privateKey: tls.key")])
            + Secret("web/file:tls.crt", Certificate));
        var group = Assert.Single(WorkloadGroups.Resolve(snapshot));

        var presented = CertificateCatalog.For(snapshot).For(group).Of(group.Gateways[0].Servers[0]);

        Assert.Equal([new PresentedCertificate("file:tls.crt", "file:tls.crt", null)], presented);
    }

    [Fact]
    public void A_reference_with_a_namespace_finds_only_that_Secret()
    {
        var catalog = CertificateCatalog.For(Snapshot(Secret("istio-system/wild", Certificate) + Secret("other/solo", Certificate), inspectCertificates: true));

        Assert.True(catalog.Inspected);
        Assert.Equal("istio-system/wild", catalog.Find("istio-system", "wild")?.Key);
        Assert.Null(catalog.Find("istio-system", "solo"));
        Assert.Null(catalog.Find("istio", "system/wild"));
    }

    [Theory]
    [InlineData("in one namespace of the files: that Secret", "files", "solo", "other/solo")]
    [InlineData("in two namespaces of the files: none", "files", "wild", null)]
    [InlineData("not in the files: none", "files", "absent", null)]
    [InlineData("live, where the pods did not tell the namespace: never by name alone", "live", "solo", null)]
    public void Without_a_namespace_a_name_finds(string situation, string source, string name, string? expected)
    {
        var yaml = Secret("istio-system/wild", Certificate) + Secret("other/wild", Certificate) + Secret("other/solo", Certificate);
        var catalog = CertificateCatalog.For(Inspected(source, yaml));

        Assert.True(expected == catalog.Find(null, name)?.Key, $"{situation}: {catalog.Find(null, name)?.Key}");
    }

    [Fact]
    public void The_same_Secret_read_twice_is_still_one_name_in_one_namespace()
    {
        var catalog = CertificateCatalog.For(Snapshot(Secret("other/solo", Certificate) + Secret("other/solo", Certificate), inspectCertificates: true));

        Assert.Equal("other/solo", catalog.Find(null, "solo")?.Key);
    }

    [Fact]
    public void Without_inspect_certs_nothing_is_found_and_nothing_is_warned()
    {
        var snapshot = Snapshot(Deployment("istio-system/ingress", Ingress) + Gateway("web/a", Ingress, [Simple(443, "a.example.com", "absent")]) + Secret("istio-system/wild", Certificate));
        var catalog = CertificateCatalog.For(snapshot);

        Assert.Same(CertificateCatalog.None, catalog);
        Assert.False(catalog.Inspected);
        Assert.Null(catalog.Find("istio-system", "wild"));
        Assert.Empty(catalog.Warnings(snapshot, WorkloadGroups.Resolve(snapshot)));
    }

    public static TheoryData<string, string, string, string[]> Warned => new()
    {
        {
            "files, a workload's namespace: the Secret is missing there",
            "files", Deployment("istio-system/ingress", Ingress) + Gateway("web/a", Ingress, [Simple(443, "a.example.com", "absent")]),
            ["--inspect-certs: Secret istio-system/absent is not in the input; servers that use it are compared by Secret name"]
        },
        {
            "live, a workload's namespace: the warning names the context",
            "live", Pod("istio-system/ingress-1", Ingress, owner: "ingress-x", hash: "x") + Gateway("web/a", Ingress, [Simple(443, "a.example.com", "absent")]),
            ["context \"prod\": --inspect-certs: Secret istio-system/absent is not in the input; servers that use it are compared by Secret name"]
        },
        {
            "files, no workload, a name in no namespace",
            "files", Gateway("web/a", Ingress, [Simple(443, "a.example.com", "absent")]),
            ["--inspect-certs: Secret absent is not in the input, and no Pod or Deployment in the input tells the namespace of its gateway workload; servers that use it are compared by Secret name"]
        },
        {
            "live, no gateway pod: one Secret",
            "live", Gateway("web/a", Ingress, [Simple(443, "a.example.com", "one")]),
            ["context \"prod\": --inspect-certs: no gateway pod tells the namespace of Secret one (pods cannot be listed, or none matches the Gateway's selector); servers that use it are compared by Secret name"]
        },
        {
            "live, no gateway pod: two Secrets in one warning",
            "live", Gateway("web/a", Ingress, [Simple(443, "a.example.com", "one"), Simple(443, "b.example.com", "two")]),
            ["context \"prod\": --inspect-certs: no gateway pod tells the namespace of Secrets one, two (pods cannot be listed, or none matches the Gateway's selector); servers that use them are compared by Secret name"]
        },
    };

    // A row of the theory above must not hold a certificate: it is generated afresh in every
    // process, and data that changes between discovery and the run changes the test IDs, which a
    // mutation run (Stryker) matches across processes.
    [Fact]
    public void A_Secret_found_with_its_certificate_is_not_warned()
    {
        var snapshot = Snapshot(Deployment("istio-system/ingress", Ingress) + Gateway("web/a", Ingress, [Simple(443, "a.example.com", "present")]) + Secret("istio-system/present", Certificate), inspectCertificates: true);

        Assert.Empty(CertificateCatalog.For(snapshot).Warnings(snapshot, WorkloadGroups.Resolve(snapshot)));
    }

    [Theory]
    [MemberData(nameof(Warned))]
    public void An_unknown_certificate_is_warned_once(string situation, string source, string yaml, string[] expected)
    {
        var snapshot = Inspected(source, yaml);

        var warnings = CertificateCatalog.For(snapshot).Warnings(snapshot, WorkloadGroups.Resolve(snapshot));

        Assert.True(expected.SequenceEqual(warnings), $"{situation}: {string.Join(" | ", warnings)}");
    }
}
