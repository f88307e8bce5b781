using System.Text;
using System.Text.Json.Nodes;
using IstioTls.IntegrationTests.Support;

namespace IstioTls.IntegrationTests;

/// <summary>
/// What a broken API server or proxy can send (the test server's Body fault answers 200 with
/// any text): a page that is not JSON or not a list is one error naming the request; objects
/// of the wrong shape are warnings naming them; huge lists and deep objects are read. Never an
/// unhandled exception.
/// </summary>
public class HostileServerTests
{
    private const string Seed = "examples/seed/error-1-two-gateways.yaml";
    private const string IstioGateways = "/apis/networking.istio.io/v1/gateways";
    private const string EnvoyFilters = "/apis/networking.istio.io/v1alpha3/envoyfilters";

    public static TheoryData<string, string, string> BrokenPages => new()
    {
        { "invalid JSON", "{\"kind\": \"GatewayList\", \"items\": [{", $"{IstioGateways}: the server's answer is not JSON (line 1, byte " },
        { "not JSON at all", "<html>502 Bad Gateway</html>", $"{IstioGateways}: the server's answer is not JSON (line 1, byte 1)" },
        { "items not a list", "{\"kind\": \"GatewayList\", \"items\": {}}", $"list {IstioGateways}: the answer is not a list: its items are not a list" },
        { "an item not an object", "{\"items\": [{\"kind\": \"Gateway\"}, 1]}", $"list {IstioGateways}: the answer is not a list: item 1 is not an object" },
        { "continue not a string", "{\"metadata\": {\"continue\": 5}, \"items\": []}", $"list {IstioGateways}: the answer is not a list: its continue token is not a string" },
        { "metadata a list", "{\"metadata\": [], \"items\": []}", $"list {IstioGateways}: the answer is not a list: its metadata is not an object" },
        { "an array", "[1, 2]", $"list {IstioGateways}: the answer is not a list" },
    };

    [Theory]
    [MemberData(nameof(BrokenPages))]
    public async Task A_page_that_is_not_a_list_is_one_error_naming_the_request(string situation, string body, string expected)
    {
        await using var cluster = await LiveCluster.StartAsync(null, Seed);
        cluster.Server.Faults.Answer(body, times: -1, verb: "list", pathPrefix: IstioGateways);

        var result = cluster.Check("-o", "json");

        Assert.True(result.ExitCode == 2, $"{situation}: exit {result.ExitCode}: {result.Stderr}");
        var line = Assert.Single(result.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("error: context \"", line, StringComparison.Ordinal);
        Assert.Contains(expected, line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Objects_of_the_wrong_shape_are_warnings_naming_them()
    {
        await using var cluster = await LiveCluster.StartAsync(null, Seed);
        var page = """
            {"kind": "GatewayList", "items": [
              {"apiVersion": "networking.istio.io/v1", "kind": "Gateway", "metadata": {"name": "servers-a-string", "namespace": "web"}, "spec": {"servers": "nope"}},
              {"apiVersion": "networking.istio.io/v1", "kind": "Gateway", "metadata": {"name": "ports-wrong", "namespace": "web"},
               "spec": {"selector": {"istio": 5}, "servers": [{"port": {"number": "x443"}, "hosts": [1, null], "tls": {"mode": 7}}, 3]}},
              {"apiVersion": "networking.istio.io/v1", "kind": "Gateway", "metadata": {"name": 5, "namespace": []}, "spec": []},
              {"apiVersion": "networking.istio.io/v1", "kind": "Gateway", "metadata": [], "spec": null},
              {"apiVersion": "networking.istio.io/v1", "kind": "Gateway"}
            ]}
            """;
        cluster.Server.Faults.Answer(page, times: -1, verb: "list", pathPrefix: IstioGateways);

        var result = cluster.Check("-o", "json", "--fail-on", "none");

        Assert.True(result.ExitCode == 0, $"exit {result.ExitCode}: {result.Stderr}");
        Assert.DoesNotContain("unexpected", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("web/servers-a-string", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("web/ports-wrong", result.Stderr, StringComparison.Ordinal);
        Assert.All(result.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries), l => Assert.StartsWith("warning: ", l, StringComparison.Ordinal));
        Assert.NotNull(JsonNode.Parse(result.Stdout)!["summary"]);
    }

    [Fact]
    public async Task A_page_of_20000_gateways_is_read()
    {
        await using var cluster = await LiveCluster.StartAsync(null, Seed);
        var items = new StringBuilder();
        for (var i = 0; i < 20_000; i++)
        {
            items.Append(i == 0 ? "" : ",").Append(
                $$$"""{"apiVersion": "networking.istio.io/v1", "kind": "Gateway", "metadata": {"name": "g{{{i}}}", "namespace": "n{{{i % 50}}}"}, "spec": {"selector": {"istio": "ingressgateway"}, "servers": [{"port": {"number": 443, "name": "https", "protocol": "HTTPS"}, "hosts": ["h{{{i}}}.example.com"], "tls": {"mode": "SIMPLE", "credentialName": "c{{{i}}}"}}]}}""");
        }
        cluster.Server.Faults.Answer($$"""{"kind": "GatewayList", "items": [{{items}}]}""", times: -1, verb: "list", pathPrefix: IstioGateways);

        var result = cluster.Check("-o", "json", "--fail-on", "none");

        Assert.True(result.ExitCode == 0, $"exit {result.ExitCode}: {result.Stderr}");
        Assert.Equal(20_000, (int)JsonNode.Parse(result.Stdout)!["summary"]!["gateways"]!);
    }

    [Fact]
    public async Task An_object_nested_deeper_than_64_levels_is_read()
    {
        // System.Text.Json stops at 64 levels by default; an EnvoyFilter's patch value is free-form.
        await using var cluster = await LiveCluster.StartAsync(null, Seed);
        var deep = string.Concat(Enumerable.Repeat("{\"a\": ", 200)) + "1" + new string('}', 200);
        cluster.Server.Faults.Answer(
            $$$"""{"kind": "EnvoyFilterList", "items": [{"apiVersion": "networking.istio.io/v1alpha3", "kind": "EnvoyFilter", "metadata": {"name": "deep", "namespace": "web"}, "spec": {"configPatches": [{"applyTo": "LISTENER", "patch": {"operation": "MERGE", "value": {{{deep}}}}}]}}]}""",
            times: -1, verb: "list", pathPrefix: EnvoyFilters);

        var result = cluster.Check("-o", "json", "--fail-on", "none");

        Assert.True(result.ExitCode == 0, $"exit {result.ExitCode}: {result.Stderr}");
        Assert.DoesNotContain("not JSON", result.Stderr, StringComparison.Ordinal);
    }
}
