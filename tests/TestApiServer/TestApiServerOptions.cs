namespace IstioTls.TestApiServer;

public sealed class TestApiServerOptions
{
    /// <summary>TCP port on 127.0.0.1; 0 picks a free one (read it back from <see cref="TestApiServer.BaseAddress"/>).</summary>
    public int Port { get; set; }

    /// <summary>Manifest files or directories (.yaml, .yml, .json; multi-document and kind: List) loaded at start.</summary>
    public IList<string> SeedPaths { get; } = new List<string>();

    /// <summary>Objects loaded at start, after <see cref="SeedPaths"/>.</summary>
    public IList<System.Text.Json.Nodes.JsonObject> SeedObjects { get; } = new List<System.Text.Json.Nodes.JsonObject>();

    /// <summary>Creates the pods of every seeded Deployment at start (<see cref="DeploymentController"/>);
    /// false leaves a cluster whose Deployments run no pods.</summary>
    public bool DeploymentController { get; set; } = true;

    /// <summary>When set, the generated cluster is loaded at start.</summary>
    public ClusterGeneratorOptions? Generate { get; set; }

    /// <summary>Served versions of networking.istio.io; empty means the Istio CRDs are not installed.</summary>
    public IReadOnlyList<string> IstioVersions { get; set; } = ["v1", "v1beta1", "v1alpha3"];

    /// <summary>Served versions of gateway.networking.k8s.io; empty means the Gateway API CRDs are not installed.</summary>
    public IReadOnlyList<string> GatewayApiVersions { get; set; } = ["v1", "v1beta1"];

    /// <summary>
    /// Answer /api and /apis with aggregated discovery (apidiscovery.k8s.io/v2, as kube-apiserver 1.30+ does)
    /// when the client asks for it; false serves only the legacy documents, to test that fallback.
    /// </summary>
    public bool AggregatedDiscovery { get; set; } = true;

    /// <summary>What /version reports.</summary>
    public string KubernetesVersion { get; set; } = "v1.32.0";

    /// <summary>Token of the default <c>admin</c> user.</summary>
    public string AdminToken { get; set; } = "admin-token";

    /// <summary>Requests kept in <see cref="TestApiServer.Requests"/>; older ones are dropped.</summary>
    public int RequestLogCapacity { get; set; } = 100_000;
}
