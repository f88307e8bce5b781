using System.Text.Json.Nodes;

namespace IstioTls.TestApiServer.Tests;

public sealed class GeneratorTests
{
    static List<JsonObject> Gateways(GeneratedCluster c) => [.. c.OfKind("Gateway")];

    [Theory]
    [InlineData(1, 1)]
    [InlineData(9, 1)]
    [InlineData(100, 10)]
    [InlineData(1000, 100)]
    public void ShapeFollowsTheSize(int n, int namespaces)
    {
        var cluster = ClusterGenerator.Generate(new ClusterGeneratorOptions { Gateways = n, Seed = 7 });
        var gateways = Gateways(cluster);
        Assert.Equal(n, gateways.Count);
        Assert.Equal(n, cluster.OfKind("VirtualService").Count());
        Assert.Equal(namespaces, gateways.Select(g => g.Str("metadata.namespace")).Distinct().Count());
        var declared = cluster.OfKind("Namespace").Select(o => o.Str("metadata.name")).ToHashSet();
        Assert.All(cluster.Objects.Where(o => o["metadata"]!["namespace"] is not null), o => Assert.Contains(o.Str("metadata.namespace"), declared));

        // Each VirtualService binds its Gateway.
        var gatewayRefs = gateways.Select(g => $"{g.Str("metadata.namespace")}/{g.Str("metadata.name")}").ToHashSet();
        Assert.All(cluster.OfKind("VirtualService"), vs => Assert.Contains(vs["spec"]!["gateways"]![0]!.GetValue<string>(), gatewayRefs));
        Assert.Equal(2, cluster.OfKind("Pod").Count(p => p.Str("metadata.labels.istio") == "ingressgateway" && p.Str("metadata.labels.app") == "istio-ingressgateway"));
        Assert.All(cluster.OfKind("Pod"), p => Assert.Equal("istio-system", p.Str("metadata.namespace")));
    }

    [Fact]
    public void SharedCertificatesMatchTheirDescription()
    {
        var cluster = ClusterGenerator.Generate(new ClusterGeneratorOptions { Gateways = 1000, Seed = 3 });
        var gateways = Gateways(cluster);
        var byCredential = gateways
            .SelectMany(g => g["spec"]!["servers"]!.AsArray().Where(s => s!["tls"]!["credentialName"] is not null)
                .Select(s => (Credential: s.Str("tls.credentialName"), Gateway: g, Port: s!["port"]!["number"]!.GetValue<int>())))
            .GroupBy(x => x.Credential)
            .Where(g => g.Select(x => x.Gateway).Distinct().Count() > 1)
            .ToList();
        Assert.Equal(cluster.SharedCredentials.Count, byCredential.Count);
        var sharing = byCredential.Sum(g => g.Count());
        Assert.InRange(sharing, 45, 55);
        Assert.All(byCredential, g =>
        {
            Assert.InRange(g.Count(), 2, 4);
            Assert.All(g, x => Assert.Equal(443, x.Port));
            Assert.All(g, x => Assert.Equal("ingressgateway", x.Gateway.Str("spec.selector.istio")));
            Assert.Equal(cluster.SharedCredentials[g.Key].Order(), g.Select(x => $"{x.Gateway.Str("metadata.namespace")}/{x.Gateway.Str("metadata.name")}").Order());
        });
        var multi = gateways.Count(g => g["spec"]!["servers"]!.AsArray().Count > 1);
        Assert.InRange(multi, 90, 110);
        var other = gateways.Count(g => g.Str("spec.selector.istio") != "ingressgateway");
        Assert.InRange(other, 1, 50);
    }

    [Fact]
    public void SameSeedSameCluster()
    {
        string Render(int seed) => string.Join("\n", ClusterGenerator.Generate(new ClusterGeneratorOptions { Gateways = 200, Seed = seed }).Objects.Select(o => o.ToJsonString()));
        Assert.Equal(Render(5), Render(5));
        Assert.NotEqual(Render(5), Render(6));
    }

    [Fact]
    public async Task ManifestsRoundTripAndSeedAServer()
    {
        using var dir = new TempDir();
        var cluster = ClusterGenerator.Generate(new ClusterGeneratorOptions { Gateways = 120, Seed = 11 });
        var files = cluster.WriteManifests(dir.Path);
        Assert.Equal(4, files.Count);
        Assert.StartsWith("apiVersion: v1\nkind: Namespace\n", File.ReadAllText(files[0]), StringComparison.Ordinal);
        var loaded = Manifests.Load(dir.Path);
        Assert.Equal(cluster.Objects.Count, loaded.Count);
        Assert.All(cluster.Objects, o => Assert.Contains(loaded, l => JsonNode.DeepEquals(l, o)));

        var options = new TestApiServerOptions();
        options.SeedPaths.Add(dir.Path);
        await using var server = await TestApiServer.StartAsync(options);
        Assert.Equal(120, server.Store.Count("networking.istio.io", "gateways"));
        Assert.Equal(120, server.Store.Count("networking.istio.io", "virtualservices"));
    }
}
