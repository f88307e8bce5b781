using IstioTls.Analysis;
using IstioTls.Model;
using IstioTls.Plans.Merge;
using static IstioTls.Tests.Support.Manifests;
using static IstioTls.Tests.Support.Merging;

namespace IstioTls.Tests.Merge;

/// <summary>
/// When a server that istiod skips for a duplicate host (the newer of two on one port) is merged
/// with the server that holds the host: only a terminating server, only with the same
/// certificate (a Secret or a file, not the mesh's own), only when the holder lists all its hosts
/// (or, with <c>--into</c> its Gateway, when it lists all the holder's). It joins the holder's
/// group, or makes one of the two.
/// </summary>
public class LeftBehindTests
{
    private const string Ingress = "istio=ingressgateway";

    private static string Older(string server) => Gateway("web/a", Ingress, [server], created: "2024-01-01T00:00:00Z");

    private static string Newer(string server) => Gateway("web/b", Ingress, [server], created: "2024-01-02T00:00:00Z");

    /// <summary>Situation, manifests, <c>--into</c>, and the groups merged (server keys).</summary>
    public static TheoryData<string, string, string?, string[]> Cases => new()
    {
        { "the same Secret, the holder lists the host", Older(Simple(443, "a.example.com", "x")) + Newer(Simple(443, "a.example.com", "x")), null, ["web/a#0,web/b#0"] },
        { "another Secret", Older(Simple(443, "a.example.com", "x")) + Newer(Simple(443, "a.example.com", "y")), null, [] },
        { "the mesh certificate on both: nothing a browser pools on", Older(Simple(443, "a.example.com", "builtin://")) + Newer(Simple(443, "a.example.com", "builtin://")), null, [] },
        { "the same mounted file", Older(Server(443, "a.example.com", "mode: SIMPLE, serverCertificate: /etc/c.pem, privateKey: /etc/k.pem")) + Newer(Server(443, "a.example.com", "mode: SIMPLE, serverCertificate: /etc/c.pem, privateKey: /etc/k.pem")), null, ["web/a#0,web/b#0"] },
        { "a passthrough server that names the Secret does not terminate", Older(Simple(443, "a.example.com", "x")) + Newer(Server(443, "a.example.com", "mode: PASSTHROUGH, credentialName: x", "TLS")), null, [] },
        { "a passthrough holder that names the Secret does not terminate", Older(Server(443, "a.example.com", "mode: PASSTHROUGH, credentialName: x", "TLS")) + Newer(Simple(443, "a.example.com", "x")), null, [] },
        { "the skipped server has a host the holder does not list", Older(Simple(443, "a.example.com", "x")) + Newer(Simple(443, "a.example.com,c.example.com", "x")), null, [] },
        { "the same, merged into the skipped server's Gateway, which lists all the holder's hosts", Older(Simple(443, "a.example.com", "x")) + Newer(Simple(443, "a.example.com,c.example.com", "x")), "web/b", ["web/a#0,web/b#0"] },
        { "merged into the holder's Gateway, the skipped server's extra host keeps it out", Older(Simple(443, "a.example.com", "x")) + Newer(Simple(443, "a.example.com,c.example.com", "x")), "web/a", [] },
        {
            "the holder is in a group already: the skipped server joins it in istiod's order",
            Older(Simple(443, "a.example.com", "x")) + Newer(Simple(443, "a.example.com", "x")) + Gateway("web/c", Ingress, [Simple(443, "c.example.com", "x")], created: "2024-01-03T00:00:00Z"),
            null,
            ["web/a#0,web/b#0,web/c#0"]
        },
        {
            "a skipped server whose hosts two servers of one group hold: it joins once",
            Older(Simple(443, "a.example.com", "x")) + Newer(Simple(443, "a.example.com,d.example.com", "x")) + Gateway("web/c", Ingress, [Simple(443, "d.example.com", "x")], created: "2023-12-31T00:00:00Z"),
            "web/b",
            ["web/c#0,web/a#0,web/b#0"]
        },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void A_server_skipped_for_a_duplicate_host_is_merged_when(string situation, string yaml, string? into, string[] groups)
    {
        var options = into is null ? null : new MergeOptions { Into = new NamespacedName("web", into[4..]) };

        var plan = Plan(yaml, options);

        Assert.Empty(plan.Skipped.Select(s => s.Reason));
        Assert.True(groups.SequenceEqual(GroupServers(plan)), $"{situation}: {string.Join(" | ", GroupServers(plan))}");
    }

    [Fact]
    public void A_group_of_the_two_names_the_holders_certificate_and_hosts()
    {
        var finding = Assert.Single(Plan(Older(Simple(443, "a.example.com,d.example.com", "kubernetes://x")) + Newer(Simple(443, "a.example.com", "x"))).Groups).Finding;

        Assert.Equal(FindingCodes.SharedCertificate, finding.Code);
        var detail = Assert.IsType<SharedCertificateDetail>(finding.Detail);
        Assert.Equal("x", detail.Certificate);
        Assert.Empty(detail.Fingerprints);
        Assert.Equal(["a.example.com", "d.example.com"], detail.ServerHosts);
    }

    [Fact]
    public void A_group_of_the_two_names_every_secret_of_the_holder()
    {
        const string Tls = "mode: SIMPLE, credentialNames: [cert-x, cert-y]";
        var finding = Assert.Single(Plan(Older(Server(443, "a.example.com,d.example.com", Tls)) + Newer(Server(443, "a.example.com", Tls))).Groups).Finding;

        Assert.Equal("cert-x, cert-y", Assert.IsType<SharedCertificateDetail>(finding.Detail).Certificate);
    }
}
