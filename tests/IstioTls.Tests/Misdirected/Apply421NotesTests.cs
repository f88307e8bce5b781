using IstioTls.Analysis.Misdirected;
using IstioTls.Plans.Misdirected;
using IstioTls.Tests.Support;
using static IstioTls.Tests.Support.Manifests;
using static IstioTls.Tests.Support.MisdirectedFixtures;

namespace IstioTls.Tests.Misdirected;

/// <summary>
/// What apply-421 says when it plans no filter, word for word, in process (the CLI tests see
/// the same notes on stderr, but cannot kill a mutant of the library).
/// </summary>
public class Apply421NotesTests
{
    private static readonly string Shared = Gateway("web/a", Ingress, [Simple(443, "a.example.com", "shared")])
        + Gateway("web/b", Ingress, [Simple(443, "b.example.com", "shared")]);

    private static readonly string NotShared = Gateway("web/a", Ingress, [Simple(443, "a.example.com", "cert-a")])
        + Gateway("web/b", Ingress, [Simple(443, "b.example.com", "cert-b")]);

    private static readonly string PlainHttp = Gateway("web/a", Ingress, [Server(80, "a.example.com", "", protocol: "HTTP")]);

    public static NamedRows.Table<Func<Apply421Plan>, string[]> Cases => new()
    {
        {
            "servers share a certificate: a filter, and nothing to say",
            () => Plan(Shared),
            []
        },
        {
            "nothing shared: nothing to do, and how to install the filter anyway",
            () => Plan(NotShared),
            ["no gateway workload has servers sharing a certificate (check finds no SharedCertificate): nothing to do; --all or --selector install the filter anyway"]
        },
        {
            "--all with no server terminating TLS: nothing to protect",
            () => Plan(PlainHttp, new Apply421Options { All = true }),
            ["no gateway workload terminates TLS: nothing to protect"]
        },
        {
            "--all, precise, one HTTPS server per port: no precise filter needed",
            () => Plan(Gateway("web/a", Ingress, [Simple(443, "a.example.com", "cert-a")]), new Apply421Options { All = true, Mode = MisdirectedMode.Precise }),
            ["gateway pods with labels istio=ingressgateway in namespace web: no port has two servers a request could be misdirected between; no precise filter needed"]
        },
    };

    public static TheoryData<string> Situations => Cases.Names;

    [Theory]
    [MemberData(nameof(Situations))]
    public void Apply_421_says_why_it_plans_no_filter(string situation)
    {
        var (plan, expected) = Cases[situation];

        var actual = plan();

        Assert.Equal(expected, actual.Notes);
        Assert.Equal(expected.Length == 0 ? 1 : 0, actual.Filters.Count);
    }
}
