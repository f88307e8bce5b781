using System.Net;
using System.Text.Json.Nodes;

namespace IstioTls.TestApiServer.Tests;

/// <summary>watch=true streams events; kubectl get -w and kubectl wait rely on it.</summary>
public sealed class WatchTests : IAsyncLifetime
{
    TestApiServer _server = null!;
    HttpClient _client = null!;

    public async Task InitializeAsync()
    {
        _server = await TestApiServer.StartAsync(new TestApiServerOptions().WithIstioExample());
        _client = _server.CreateHttpClient();
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task StreamsCurrentObjectsThenChangesUntilTheTimeout()
    {
        using var response = await _client.GetAsync("/apis/networking.istio.io/v1/namespaces/istio-system/gateways?watch=true&timeoutSeconds=3", HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        async Task<(string Type, string Name)> Next()
        {
            var e = JsonNode.Parse((await reader.ReadLineAsync())!)!;
            return (e.Str("type"), e["object"].Str("metadata.name"));
        }

        Assert.Equal(("ADDED", "default"), await Next());
        Assert.Equal(("ADDED", "default2"), await Next());
        _server.Store.Put(Seeds.Gateway("other-ns", "elsewhere"));
        _server.Store.Put(Seeds.Gateway("istio-system", "third"));
        Assert.Equal(("ADDED", "third"), await Next());
        _server.Store.Mutate("networking.istio.io", "gateways", "istio-system", "default", o => o["metadata"]!["labels"] = new JsonObject { ["a"] = "b" });
        Assert.Equal(("MODIFIED", "default"), await Next());
        _server.Store.Delete("networking.istio.io", "gateways", "istio-system", "default2");
        Assert.Equal(("DELETED", "default2"), await Next());
        // timeoutSeconds ends the stream cleanly.
        Assert.Null(await reader.ReadLineAsync());
    }

    [Fact]
    public async Task WatchFromAResourceVersionOnlySeesNewChanges()
    {
        var rv = _server.Store.CurrentResourceVersion;
        using var response = await _client.GetAsync($"/apis/networking.istio.io/v1/gateways?watch=true&resourceVersion={rv}&timeoutSeconds=5&labelSelector=pick", HttpCompletionOption.ResponseHeadersRead);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        _server.Store.Put(Seeds.Gateway("x", "ignored"));
        _server.Store.Put(Seeds.Gateway("x", "picked", labels: new Dictionary<string, string> { ["pick"] = "yes" }));
        var e = JsonNode.Parse((await reader.ReadLineAsync())!)!;
        Assert.Equal("ADDED", e.Str("type"));
        Assert.Equal("picked", e["object"].Str("metadata.name"));
    }

    [Fact]
    public async Task KubectlWaitForDeleteReturnsWhenTheObjectGoes()
    {
        using var dir = new TempDir();
        using var kubectl = new Kubectl(_server.WriteKubeconfig(dir.File("kubeconfig")));
        var wait = kubectl.RunAsync("wait", "--for=delete", "gw/default2", "-n", "istio-system", "--timeout=60s");
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (_server.Store.ActiveWatches == 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }
        Assert.True(_server.Store.Delete("networking.istio.io", "gateways", "istio-system", "default2"));
        var result = (await wait).Ok();
        Assert.Equal(["gateway.networking.istio.io/default2 condition met"], result.Lines);
    }
}
