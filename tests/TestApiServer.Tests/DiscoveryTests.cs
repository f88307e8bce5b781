using System.Net;
using System.Text.Json.Nodes;

namespace IstioTls.TestApiServer.Tests;

/// <summary>Discovery documents, and options that switch groups and versions off.</summary>
public sealed class DiscoveryTests
{
    static async Task<(TestApiServer Server, HttpClient Client)> Start(Action<TestApiServerOptions>? configure = null)
    {
        var options = new TestApiServerOptions().WithIstioExample();
        configure?.Invoke(options);
        var server = await TestApiServer.StartAsync(options);
        return (server, server.CreateHttpClient());
    }

    [Fact]
    public async Task DefaultDiscovery()
    {
        var (server, client) = await Start();
        await using var _ = server;
        using var __ = client;

        var version = (await client.GetJsonAsync("/version")).Body!;
        Assert.Equal("v1.32.0", version.Str("gitVersion"));
        Assert.Equal("32", version.Str("minor"));

        var api = (await client.GetJsonAsync("/api")).Body!;
        Assert.Equal("APIVersions", api.Str("kind"));
        Assert.Equal("v1", api["versions"]![0]!.GetValue<string>());

        var groups = (await client.GetJsonAsync("/apis")).Body!;
        Assert.Equal("APIGroupList", groups.Str("kind"));
        var istio = groups["groups"]!.AsArray().Single(g => g.Str("name") == "networking.istio.io")!;
        Assert.Equal(["v1", "v1beta1", "v1alpha3"], istio["versions"]!.AsArray().Select(v => v.Str("version")));
        Assert.Equal("networking.istio.io/v1", istio.Str("preferredVersion.groupVersion"));
        Assert.Contains(groups["groups"]!.AsArray(), g => g.Str("name") == "gateway.networking.k8s.io");
        Assert.Contains(groups["groups"]!.AsArray(), g => g.Str("name") == "apps");

        var resources = (await client.GetJsonAsync("/apis/networking.istio.io/v1alpha3")).Body!;
        Assert.Equal("APIResourceList", resources.Str("kind"));
        Assert.Equal("networking.istio.io/v1alpha3", resources.Str("groupVersion"));
        var gateway = resources["resources"]!.AsArray().Single(r => r.Str("name") == "gateways")!;
        Assert.Equal("gateway", gateway.Str("singularName"));
        Assert.Equal("Gateway", gateway.Str("kind"));
        Assert.True(gateway["namespaced"]!.GetValue<bool>());
        Assert.Equal(["gw"], gateway["shortNames"]!.AsArray().Select(s => s!.GetValue<string>()));
        Assert.Contains("list", gateway["verbs"]!.AsArray().Select(s => s!.GetValue<string>()));
        Assert.Equal(["istio-io", "networking-istio-io"], gateway["categories"]!.AsArray().Select(s => s!.GetValue<string>()));

        var core = (await client.GetJsonAsync("/api/v1")).Body!;
        Assert.Equal("v1", core.Str("groupVersion"));
        Assert.Contains(core["resources"]!.AsArray(), r => r.Str("name") == "namespaces" && !r!["namespaced"]!.GetValue<bool>());

        var group = (await client.GetJsonAsync("/apis/gateway.networking.k8s.io")).Body!;
        Assert.Equal("APIGroup", group.Str("kind"));
        Assert.Equal("v1", group.Str("preferredVersion.version"));
    }

    [Fact]
    public async Task IstioCanBeSwitchedOff()
    {
        var (server, client) = await Start(o => o.IstioVersions = []);
        await using var _ = server;
        using var __ = client;
        var groups = (await client.GetJsonAsync("/apis")).Body!;
        Assert.DoesNotContain(groups["groups"]!.AsArray(), g => g.Str("name") == "networking.istio.io");
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetJsonAsync("/apis/networking.istio.io/v1")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetJsonAsync("/apis/networking.istio.io/v1/gateways")).Status);
    }

    [Theory]
    [InlineData(new[] { "v1beta1" }, "v1beta1")]
    [InlineData(new[] { "v1alpha3" }, "v1alpha3")]
    [InlineData(new[] { "v1alpha3", "v1beta1" }, "v1beta1")]
    public async Task IstioVersionsCanBeRestricted(string[] versions, string preferred)
    {
        var (server, client) = await Start(o => o.IstioVersions = versions);
        await using var _ = server;
        using var __ = client;
        var group = (await client.GetJsonAsync("/apis/networking.istio.io")).Body!;
        Assert.Equal(preferred, group.Str("preferredVersion.version"));
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetJsonAsync("/apis/networking.istio.io/v1/gateways")).Status);
        var list = (await client.GetJsonAsync($"/apis/networking.istio.io/{preferred}/gateways")).Body!;
        Assert.Equal(2, list["items"]!.AsArray().Count);
        Assert.All(list["items"]!.AsArray(), i => Assert.Equal($"networking.istio.io/{preferred}", i.Str("apiVersion")));

        // kubectl follows the preferred version it discovers.
        using var dir = new TempDir();
        using var kubectl = new Kubectl(server.WriteKubeconfig(dir.File("kubeconfig")));
        var json = JsonNode.Parse((await kubectl.RunAsync("get", "gw", "-n", "istio-system", "-o", "json")).Ok().StdOut)!;
        Assert.Equal($"networking.istio.io/{preferred}", json["items"]![0].Str("apiVersion"));
    }

    [Fact]
    public async Task KubectlWithoutIstioSaysTheTypeIsUnknown()
    {
        var (server, client) = await Start(o => o.IstioVersions = []);
        await using var _ = server;
        using var __ = client;
        using var dir = new TempDir();
        using var kubectl = new Kubectl(server.WriteKubeconfig(dir.File("kubeconfig")));
        var result = await kubectl.RunAsync("get", "gw", "-A");
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("the server doesn't have a resource type \"gw\"", result.StdErr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OpenApiIsServedForKubectl()
    {
        var (server, client) = await Start();
        await using var _ = server;
        using var __ = client;
        var root = (await client.GetJsonAsync("/openapi/v3")).Body!;
        var url = root["paths"]!["apis/networking.istio.io/v1"].Str("serverRelativeURL");
        var doc = (await client.GetJsonAsync(url)).Body!;
        var patch = doc["paths"]!["/apis/networking.istio.io/v1/namespaces/{namespace}/gateways/{name}"]!["patch"]!;
        Assert.Contains(patch["parameters"]!.AsArray(), p => p.Str("name") == "fieldValidation");
        Assert.Equal("Gateway", patch.Str("x-kubernetes-group-version-kind.kind"));

        using var request = new HttpRequestMessage(HttpMethod.Get, "/openapi/v2");
        request.Headers.TryAddWithoutValidation("Accept", "application/com.github.proto-openapi.spec.v2@v1.0+protobuf");
        using var response = await client.SendAsync(request);
        // .NET cannot parse this media type (the @), so read the raw header kube-apiserver also sends.
        Assert.Equal("application/com.github.proto-openapi.spec.v2@v1.0+protobuf", Assert.Single(response.Content.Headers.GetValues("Content-Type")));
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal([0x0A, 3, (byte)'2', (byte)'.', (byte)'0'], bytes[..5]);
    }

    [Theory]
    [InlineData("application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,application/json", "v2")]
    [InlineData("application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,application/json", "v2beta1")]
    public async Task AggregatedDiscoveryWhenAskedFor(string accept, string version)
    {
        var (server, client) = await Start(o => o.IstioVersions = ["v1beta1", "v1alpha3"]);
        await using var _ = server;
        using var __ = client;
        using var request = new HttpRequestMessage(HttpMethod.Get, "/apis");
        request.Headers.TryAddWithoutValidation("Accept", accept);
        using var response = await client.SendAsync(request);
        // HttpClient re-renders media type parameters with "; ", so compare without spaces.
        Assert.Equal($"application/json;g=apidiscovery.k8s.io;v={version};as=APIGroupDiscoveryList", Assert.Single(response.Content.Headers.GetValues("Content-Type")).Replace(" ", "", StringComparison.Ordinal));
        var doc = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal("APIGroupDiscoveryList", doc.Str("kind"));
        Assert.Equal($"apidiscovery.k8s.io/{version}", doc.Str("apiVersion"));
        var istio = doc["items"]!.AsArray().Single(i => i.Str("metadata.name") == "networking.istio.io")!;
        Assert.Equal(["v1beta1", "v1alpha3"], istio["versions"]!.AsArray().Select(v => v.Str("version")));
        var gateway = istio["versions"]![0]!["resources"]!.AsArray().Single(r => r.Str("resource") == "gateways")!;
        Assert.Equal("Namespaced", gateway.Str("scope"));
        Assert.Equal("Gateway", gateway.Str("responseKind.kind"));
        Assert.Equal("v1beta1", gateway.Str("responseKind.version"));
        Assert.Equal("gw", gateway["shortNames"]![0]!.GetValue<string>());

        var legacy = await client.GetJsonAsync("/apis");
        Assert.Equal("application/json", legacy.ContentType);
        Assert.Equal("APIGroupList", legacy.Body.Str("kind"));
    }
}
