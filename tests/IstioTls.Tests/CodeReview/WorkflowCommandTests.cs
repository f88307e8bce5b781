using System.Text.Json.Nodes;
using IstioTls.Analysis;
using IstioTls.Printers;
using IstioTls.Tests.Support;
using static IstioTls.Tests.Support.Manifests;

namespace IstioTls.Tests.CodeReview;

/// <summary>The escaping of workflow commands, and the fingerprints that let code scanning follow
/// a finding across commits.</summary>
public class WorkflowCommandTests
{
    public static TheoryData<string, string, string> Escapes => new()
    {
        // text, as data (the message), as a property (file, title)
        { "plain text", "plain text", "plain text" },
        { "100%", "100%25", "100%25" },
        { "a\nb\r\nc", "a%0Ab%0D%0Ac", "a%0Ab%0D%0Ac" },
        { "a: b, c", "a: b, c", "a%3A b%2C c" },
        { "%0A", "%250A", "%250A" },
        { "::error::x", "::error::x", "%3A%3Aerror%3A%3Ax" },
    };

    [Theory]
    [MemberData(nameof(Escapes))]
    public void Escapes_as_the_actions_toolkit(string text, string data, string property)
    {
        Assert.Equal(data, WorkflowCommands.EscapeData(text));
        Assert.Equal(property, WorkflowCommands.EscapeProperty(text));
    }

    [Fact]
    public void Severity_gives_the_command_one_per_server()
    {
        var yaml = Gateway("a/one", "istio=ingressgateway", [Simple(443, "a.example.com")])
            + Gateway("b/two", "istio=ingressgateway,app=shop", [Simple(443, "b.example.com")]);
        var output = new StringWriter();

        WorkflowCommands.Print(Analyzer.Check(Snapshot(yaml)), Repo.Root, output);

        Assert.Equal(["::notice", "::notice"], output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split(' ')[0]));
    }

    private static readonly string Pair =
        Gateway("a/one", "istio=ingressgateway", [Simple(443, "a.example.com")]) + Gateway("b/two", "istio=ingressgateway", [Simple(443, "b.example.com")]);

    public static TheoryData<string, string, bool> Fingerprints => new()
    {
        { "lines moved by a comment", "# a comment\n# another\n" + Pair, true },
        { "Gateways in the other order", Gateway("b/two", "istio=ingressgateway", [Simple(443, "b.example.com")]) + Gateway("a/one", "istio=ingressgateway", [Simple(443, "a.example.com")]), true },
        { "a server added before them", Gateway("a/one", "istio=ingressgateway", [Simple(80, "c.example.com", "other"), Simple(443, "a.example.com")]) + Gateway("b/two", "istio=ingressgateway", [Simple(443, "b.example.com")]), true },
        { "another host", Gateway("a/one", "istio=ingressgateway", [Simple(443, "c.example.com")]) + Gateway("b/two", "istio=ingressgateway", [Simple(443, "b.example.com")]), false },
        { "another certificate", Gateway("a/one", "istio=ingressgateway", [Simple(443, "a.example.com", "other")]) + Gateway("b/two", "istio=ingressgateway", [Simple(443, "b.example.com", "other")]), false },
        { "another Gateway", Gateway("a/one", "istio=ingressgateway", [Simple(443, "a.example.com")]) + Gateway("b/three", "istio=ingressgateway", [Simple(443, "b.example.com")]), false },
    };

    [Theory]
    [MemberData(nameof(Fingerprints))]
    public void The_fingerprint_follows_the_finding_not_its_lines(string change, string changed, bool same)
    {
        var before = Fingerprint(Pair);
        var after = Fingerprint(changed);

        Assert.True(same == (before == after), $"{change}: {before} vs {after}");
    }

    private static string Fingerprint(string yaml)
    {
        var log = SarifLog.Build(Analyzer.Check(Snapshot(yaml)), "v1.0.0", Repo.Root);
        var result = Assert.Single(log["runs"]![0]!["results"]!.AsArray())!;
        return (string)result["partialFingerprints"]![SarifLog.FingerprintKey]!;
    }
}
