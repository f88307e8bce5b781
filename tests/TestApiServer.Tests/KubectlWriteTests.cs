using System.Text.Json.Nodes;

namespace IstioTls.TestApiServer.Tests;

/// <summary>kubectl apply (client- and server-side) and delete, each against its own server.</summary>
public sealed class KubectlWriteTests : IAsyncLifetime
{
    const string Istio = "networking.istio.io";

    readonly TempDir _dir = new();
    TestApiServer _server = null!;
    Kubectl _kubectl = null!;

    public async Task InitializeAsync()
    {
        _server = await TestApiServer.StartAsync(new TestApiServerOptions().WithIstioExample());
        _kubectl = new Kubectl(_server.WriteKubeconfig(_dir.File("kubeconfig")));
    }

    public async Task DisposeAsync()
    {
        _kubectl.Dispose();
        await _server.DisposeAsync();
        _dir.Dispose();
    }

    const string EnvoyFilterV1Alpha3 = """
        apiVersion: networking.istio.io/v1alpha3
        kind: EnvoyFilter
        metadata:
          name: hsts
          namespace: team-a
        spec:
          workloadSelector:
            labels:
              istio: ingressgateway
          configPatches:
          - applyTo: HTTP_FILTER
            patch:
              operation: INSERT_BEFORE
              value:
                name: envoy.lua
        """;

    static string GatewayYaml(string host) => $"""
        apiVersion: networking.istio.io/v1
        kind: Gateway
        metadata:
          name: web
          namespace: team-a
          labels:
            team: a
        spec:
          selector:
            istio: ingressgateway
          servers:
          - hosts: [{host}]
            port: {"{"}name: https, number: 443, protocol: HTTPS{"}"}
            tls: {"{"}mode: SIMPLE, credentialName: web-cert{"}"}
        ---
        apiVersion: v1
        kind: Namespace
        metadata:
          name: team-b
          labels:
            team: b
        """;

    [Fact]
    public async Task ClientSideApplyCreatesThenLeavesUnchangedThenConfigures()
    {
        var file = _dir.Write("gw.yaml", GatewayYaml("a.example.com"));
        var first = (await _kubectl.RunAsync("apply", "-f", file)).Ok();
        Assert.Equal(["gateway.networking.istio.io/web created", "namespace/team-b created"], first.Lines);

        var again = (await _kubectl.RunAsync("apply", "-f", file)).Ok();
        Assert.Equal(["gateway.networking.istio.io/web unchanged", "namespace/team-b unchanged"], again.Lines);

        _dir.Write("gw.yaml", GatewayYaml("b.example.com"));
        var changed = (await _kubectl.RunAsync("apply", "-f", file)).Ok();
        Assert.Equal(["gateway.networking.istio.io/web configured", "namespace/team-b unchanged"], changed.Lines);

        var stored = _server.Store.Get(Istio, "gateways", "team-a", "web")!;
        Assert.Equal("b.example.com", stored["spec"]!["servers"]![0]!["hosts"]![0]!.GetValue<string>());
        Assert.Equal(2, stored["metadata"]!["generation"]!.GetValue<long>());
        Assert.NotNull(stored["metadata"]!["annotations"]!["kubectl.kubernetes.io/last-applied-configuration"]);
        Assert.Equal("b", _server.Store.Get("", "namespaces", null, "team-b")!["metadata"]!["labels"]!["team"]!.GetValue<string>());
    }

    [Fact]
    public async Task ServerSideApplyTwiceIsANoOp()
    {
        var file = _dir.Write("gw.yaml", GatewayYaml("a.example.com"));
        var first = (await _kubectl.RunAsync("apply", "--server-side", "-f", file)).Ok();
        Assert.Equal(["gateway.networking.istio.io/web serverside-applied", "namespace/team-b serverside-applied"], first.Lines);
        var before = _server.Store.Get(Istio, "gateways", "team-a", "web")!;

        var second = (await _kubectl.RunAsync("apply", "--server-side", "-f", file)).Ok();
        Assert.Equal(["gateway.networking.istio.io/web serverside-applied", "namespace/team-b serverside-applied"], second.Lines);
        var after = _server.Store.Get(Istio, "gateways", "team-a", "web")!;

        Assert.Equal(before["metadata"]!["resourceVersion"]!.GetValue<string>(), after["metadata"]!["resourceVersion"]!.GetValue<string>());
        var managers = after["metadata"]!["managedFields"]!.AsArray();
        var entry = Assert.Single(managers);
        Assert.Equal("kubectl", entry!["manager"]!.GetValue<string>());
        Assert.Equal("Apply", entry["operation"]!.GetValue<string>());
        Assert.Contains(_server.Requests.Entries, r => r.Method == "PATCH" && r.Query.Contains("fieldManager=kubectl", StringComparison.Ordinal) && r.Resource == "gateways");
    }

    [Fact]
    public async Task ApplyEnvoyFilterAtV1Alpha3AndReadItBackAtThePreferredVersion()
    {
        var file = _dir.Write("ef.yaml", EnvoyFilterV1Alpha3);
        (await _kubectl.RunAsync("apply", "-f", file)).Ok();
        var yaml = (await _kubectl.RunAsync("get", "envoyfilter", "-n", "team-a", "-o", "yaml")).Ok().StdOut;
        Assert.Contains("- apiVersion: networking.istio.io/v1\n  kind: EnvoyFilter", yaml, StringComparison.Ordinal);
        Assert.Contains("name: envoy.lua", yaml, StringComparison.Ordinal);
        Assert.Contains("operation: INSERT_BEFORE", yaml, StringComparison.Ordinal);
        // kubectl validated with the server (fieldValidation=Strict) instead of needing --validate=false.
        Assert.Contains(_server.Requests.Entries, r => r.Method == "POST" && r.Resource == "envoyfilters" && r.Query.Contains("fieldValidation=Strict", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("apply")]
    [InlineData("apply", "--server-side")]
    public async Task ServerDryRunValidatesAnswersAsIfWrittenAndChangesNothing(params string[] apply)
    {
        var file = _dir.Write("gw.yaml", GatewayYaml("a.example.com"));
        var before = _server.Store.Get(Istio, "gateways", "istio-system", "default")!.ToJsonString();

        var created = (await _kubectl.RunAsync([.. apply, "--dry-run=server", "-f", file])).Ok();
        var deleted = (await _kubectl.RunAsync("delete", "gw", "default", "-n", "istio-system", "--dry-run=server")).Ok();

        Assert.Equal(apply.Length == 1
            ? ["gateway.networking.istio.io/web created (server dry run)", "namespace/team-b created (server dry run)"]
            : ["gateway.networking.istio.io/web serverside-applied (server dry run)", "namespace/team-b serverside-applied (server dry run)"], created.Lines);
        Assert.Equal(["gateway.networking.istio.io \"default\" deleted (server dry run)"], deleted.Lines);
        Assert.Null(_server.Store.Get(Istio, "gateways", "team-a", "web"));
        Assert.Null(_server.Store.Get("", "namespaces", null, "team-b"));
        Assert.Equal(before, _server.Store.Get(Istio, "gateways", "istio-system", "default")!.ToJsonString());
        // kubectl sends dryRun in the query of its writes; a delete may carry it in its
        // DeleteOptions body instead, and the unchanged store above shows it was honoured.
        Assert.All(_server.Requests.Entries.Where(r => r.Method is "POST" or "PUT" or "PATCH"), r => Assert.Contains("dryRun=All", r.Query, StringComparison.Ordinal));
    }

    [Fact]
    public async Task DeleteRemovesTheGateway()
    {
        var result = (await _kubectl.RunAsync("delete", "gw", "default", "-n", "istio-system")).Ok();
        Assert.Equal(["gateway.networking.istio.io \"default\" deleted"], result.Lines);
        Assert.Null(_server.Store.Get(Istio, "gateways", "istio-system", "default"));
        Assert.NotNull(_server.Store.Get(Istio, "gateways", "istio-system", "default2"));

        var missing = await _kubectl.RunAsync("delete", "gw", "default", "-n", "istio-system");
        Assert.Equal(1, missing.ExitCode);
        Assert.Contains("Error from server (NotFound): gateways.networking.istio.io \"default\" not found", missing.StdErr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LabelSelectorsReachTheServer()
    {
        _server.Store.Put(Seeds.Gateway("sel", "one", labels: new Dictionary<string, string> { ["tier"] = "edge" }));
        _server.Store.Put(Seeds.Gateway("sel", "two", labels: new Dictionary<string, string> { ["tier"] = "internal" }));
        var result = (await _kubectl.RunAsync("get", "gw", "-n", "sel", "-l", "tier in (edge)", "-o", "name")).Ok();
        Assert.Equal(["gateway.networking.istio.io/one"], result.Lines);
        var json = JsonNode.Parse((await _kubectl.RunAsync("get", "gw", "-n", "sel", "-l", "tier!=edge", "-o", "json")).Ok().StdOut)!;
        Assert.Equal("two", json["items"]![0]!["metadata"]!["name"]!.GetValue<string>());
    }

    [Fact]
    public async Task TypedCreateSendsProtobufAndIsToldTheServerOnlySpeaksJson()
    {
        var result = await _kubectl.RunAsync("create", "namespace", "typed");
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("Error from server (UnsupportedMediaType): the body of the request was in an unknown format", result.StdErr, StringComparison.Ordinal);
        var file = _dir.Write("ns.yaml", "apiVersion: v1\nkind: Namespace\nmetadata: {name: typed}\n");
        Assert.Equal(["namespace/typed created"], (await _kubectl.RunAsync("create", "-f", file)).Ok().Lines);
    }

    [Fact]
    public async Task KubectlRetriesAfterA429()
    {
        _server.Faults.TooManyRequests(times: 1, retryAfterSeconds: 1, verb: "list", resource: "gateways");
        var names = (await _kubectl.RunAsync("get", "gw", "-A", "-o", "name")).Ok().Lines;
        Assert.Equal(["gateway.networking.istio.io/default", "gateway.networking.istio.io/default2"], names);
        Assert.Equal([429, 200], _server.Requests.Matching("list", "gateways").Select(r => r.StatusCode));
    }
}
