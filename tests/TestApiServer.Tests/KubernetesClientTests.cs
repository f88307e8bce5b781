using System.Net;
using k8s;
using k8s.Autorest;

namespace IstioTls.TestApiServer.Tests;

/// <summary>The plugin's own client library, KubernetesClient.Aot, reads the written kubeconfig and talks to the server.</summary>
public sealed class KubernetesClientTests(SeededServerFixture fixture) : IClassFixture<SeededServerFixture>
{
    Kubernetes Client(string context) =>
        new(KubernetesClientConfiguration.BuildConfigFromConfigFile(fixture.KubeconfigPath, currentContext: context));

    [Theory]
    [InlineData("test", "admin")]
    [InlineData("test-cert", "cert-admin")]
    [InlineData("exec", "exec-user")]
    public async Task ListsNamespacesWithEveryKindOfCredential(string context, string user)
    {
        using var client = Client(context);
        var namespaces = await client.CoreV1.ListNamespaceAsync();
        Assert.Contains(namespaces.Items, n => n.Metadata.Name == "istio-system");
        Assert.Equal("NamespaceList", namespaces.Kind);
        Assert.Contains(fixture.Server.Requests.Entries, r => r.User == user && r.Path == "/api/v1/namespaces");
    }

    [Fact]
    public async Task ForbiddenSurfacesAsA403()
    {
        using var client = Client("limited");
        var error = await Assert.ThrowsAsync<HttpOperationException>(() => client.CoreV1.ListPodForAllNamespacesAsync());
        Assert.Equal(HttpStatusCode.Forbidden, error.Response.StatusCode);
        Assert.Contains("pods is forbidden: User \\\"limited\\\" cannot list resource \\\"pods\\\"", error.Response.Content, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PagesThroughPodsWithLimitAndContinue()
    {
        using var client = Client("test");
        var first = await client.CoreV1.ListNamespaceAsync(limit: 2);
        Assert.Equal(2, first.Items.Count);
        Assert.NotNull(first.Metadata.ContinueProperty);
        Assert.Equal(3, first.Metadata.RemainingItemCount);
        var rest = await client.CoreV1.ListNamespaceAsync(limit: 10, continueParameter: first.Metadata.ContinueProperty);
        Assert.Equal(3, rest.Items.Count);
        Assert.Null(rest.Metadata.ContinueProperty);
    }

    [Fact]
    public async Task ListsCustomObjects()
    {
        using var client = Client("test");
        using var response = await client.CustomObjects.ListNamespacedCustomObjectWithHttpMessagesAsync("networking.istio.io", "v1", "istio-system", "gateways");
        Assert.Equal(HttpStatusCode.OK, response.Response.StatusCode);
        var text = response.Body?.ToString() ?? "";
        Assert.Contains("\"kind\":\"GatewayList\"", text, StringComparison.Ordinal);
        Assert.Contains("\"credentialName\":\"testhl\"", text, StringComparison.Ordinal);
    }
}
