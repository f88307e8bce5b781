using IstioTls.Analysis;
using IstioTls.Model;
using static IstioTls.Tests.Support.Manifests;

namespace IstioTls.Tests;

/// <summary>The report's order: severity (worst first), context, code, port, EnvoyFilter, the
/// oldest server, identity. Each case makes one key decide while every later key points the
/// other way, so a key that is skipped, or consulted when an earlier one already decided, shows.</summary>
public class FindingOrderTests
{
    private const string Ingress = "istio=ingressgateway";

    private static readonly ConfigSnapshot Input = Snapshot(
        Gateway("web/old", Ingress, [Simple(443, "old.example.com")], created: "2024-01-01T00:00:00Z")
        + Gateway("web/new", Ingress, [Simple(443, "new.example.com")], created: "2024-01-02T00:00:00Z")
        + EnvoyFilter("a/filter", Ingress, [])
        + EnvoyFilter("z/filter", Ingress, []));

    private static readonly Server Old = Input.Gateways.Single(g => g.Key == "web/old").Servers[0];
    private static readonly Server New = Input.Gateways.Single(g => g.Key == "web/new").Servers[0];

    private static Finding Make(
        Severity severity = Severity.Warning, string? context = null, string code = "SharedCertificate", int? port = 443,
        string? filter = null, Server[]? servers = null, string host = "a.example.com") => new()
    {
        Code = code,
        Severity = severity,
        Message = "m",
        Binding = port is { } p ? new PortBinding(p, null) : null,
        Selector = LabelSet.Empty,
        Servers = servers ?? [],
        Detail = filter is null
            ? new DuplicateHostDetail([host])
            : new MisdirectedFilterDetail(Input.EnvoyFilters.Single(f => f.Key == filter), [host], []),
        Context = context,
    };

    /// <summary>Two findings and which one the report prints first ("x" or "y"). Only the
    /// situation is the theory's data (findings are not serializable, and a mutation run matches
    /// test IDs across processes).</summary>
    public static TheoryData<string> Cases => [.. Pairs.Keys];

    private static Dictionary<string, (Finding X, Finding Y, string First)> Pairs => new TheoryData<string, Finding, Finding, string>
    {
        { "an error before a warning, whatever the context", Make(Severity.Error, context: "z"), Make(Severity.Warning, context: "a"), "x" },
        { "a warning before an info", Make(Severity.Info), Make(Severity.Warning), "y" },
        { "context decides before code", Make(context: "a", code: "Z"), Make(context: "b", code: "A"), "x" },
        { "no context (one cluster) before a named one", Make(context: "a"), Make(context: null), "y" },
        { "code decides before port", Make(code: "A", port: 9443), Make(code: "B", port: 443), "x" },
        { "port decides before the EnvoyFilter", Make(port: 443, filter: "z/filter"), Make(port: 8443, filter: "a/filter"), "x" },
        { "no port (a filter finding) before a port", Make(port: 443), Make(port: null), "y" },
        { "the EnvoyFilter decides before the servers", Make(port: null, filter: "a/filter", servers: [New]), Make(port: null, filter: "z/filter", servers: [Old]), "x" },
        { "the oldest server decides before identity", Make(servers: [Old], host: "z.example.com"), Make(servers: [New], host: "a.example.com"), "x" },
        { "no servers: identity decides", Make(servers: [], host: "b.example.com"), Make(servers: [], host: "a.example.com"), "y" },
        { "servers on one side only: identity decides", Make(servers: []), Make(servers: [Old]), "y" },
        { "the same servers: identity decides", Make(servers: [Old], host: "a.example.com"), Make(servers: [Old], host: "b.example.com"), "x" },
    }.ToDictionary(row => (string)row[0]!, row => ((Finding)row[1]!, (Finding)row[2]!, (string)row[3]!));

    [Theory]
    [MemberData(nameof(Cases))]
    public void The_report_prints_first(string situation)
    {
        var (x, y, first) = Pairs[situation];
        var xy = FindingOrder.Instance.Compare(x, y);
        var yx = FindingOrder.Instance.Compare(y, x);

        Assert.True(first == "x" ? xy < 0 && yx > 0 : xy > 0 && yx < 0, $"{situation}: Compare(x, y) = {xy}, Compare(y, x) = {yx}");
    }

    [Fact]
    public void A_finding_is_equal_to_itself_and_null_sorts_last()
    {
        var finding = Make(servers: [Old]);

        Assert.Equal(0, FindingOrder.Instance.Compare(finding, finding));
        Assert.Equal(0, FindingOrder.Instance.Compare(finding, finding with { Message = "another message" }));
        Assert.Equal(0, FindingOrder.Instance.Compare(null, null));
        Assert.True(FindingOrder.Instance.Compare(null, finding) > 0);
        Assert.True(FindingOrder.Instance.Compare(finding, null) < 0);
    }
}
