namespace IstioTls.TestApiServer.Tests;

/// <summary>kubectl works whether the server offers aggregated discovery or only the legacy documents.</summary>
public sealed class KubectlDiscoveryModeTests
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task KubectlDiscoversTypesEitherWay(bool aggregated)
    {
        var options = new TestApiServerOptions { AggregatedDiscovery = aggregated }.WithIstioExample();
        await using var server = await TestApiServer.StartAsync(options);
        using var dir = new TempDir();
        using var kubectl = new Kubectl(server.WriteKubeconfig(dir.File("kubeconfig")));

        var names = (await kubectl.RunAsync("get", "gw", "-A", "-o", "name")).Ok().Lines;
        Assert.Equal(["gateway.networking.istio.io/default", "gateway.networking.istio.io/default2"], names);
        var file = dir.Write("gw.yaml", """
            apiVersion: networking.istio.io/v1beta1
            kind: Gateway
            metadata: {name: g, namespace: x}
            spec: {selector: {istio: ingressgateway}}
            """);
        Assert.Equal(["gateway.networking.istio.io/g created"], (await kubectl.RunAsync("apply", "-f", file)).Ok().Lines);

        var groupVersionCalls = server.Requests.Entries.Count(r => r.Path.StartsWith("/apis/networking.istio.io/", StringComparison.Ordinal) && r.Verb is null);
        if (aggregated)
        {
            // One /api and one /apis call told kubectl everything.
            Assert.Equal(0, groupVersionCalls);
        }
        else
        {
            Assert.True(groupVersionCalls > 0);
        }
    }
}
