using System.Text.Json.Nodes;
using IstioTls.Sources;

namespace IstioTls.Cluster;

/// <summary>Which API groups and versions the cluster serves, from one <c>/apis</c> call.</summary>
public sealed class ApiDiscovery
{
    private readonly Dictionary<string, IReadOnlyList<string>> _versions;

    private ApiDiscovery(Dictionary<string, IReadOnlyList<string>> versions) => _versions = versions;

    public static async Task<ApiDiscovery> ReadAsync(KubeConnection connection, CancellationToken cancellationToken)
    {
        var groups = await connection.GetJsonAsync("/apis", cancellationToken).ConfigureAwait(false) as JsonObject
            ?? throw new ClusterException($"context \"{connection.Context}\": {connection.Server} does not serve /apis; is it a Kubernetes API server?");
        var versions = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        foreach (var group in (groups["groups"] as JsonArray ?? []).OfType<JsonObject>())
        {
            if (Documents.JsonNodes.StringAt(group, "name") is { } name)
            {
                versions[name] = [.. (group["versions"] as JsonArray ?? []).OfType<JsonObject>().Select(v => Documents.JsonNodes.StringAt(v, "version")).OfType<string>()];
            }
        }
        return new ApiDiscovery(versions);
    }

    public bool Serves(string group) => _versions.ContainsKey(group);

    /// <summary>The resources one group version serves (<c>/apis/group/version</c>), for kinds
    /// newer than their group (ListenerSet): a served group may lack them. Empty when the
    /// version is not served or its discovery cannot be read.</summary>
    public static async Task<IReadOnlySet<string>> ResourcesAsync(KubeConnection connection, string groupVersion, CancellationToken cancellationToken)
    {
        try
        {
            var list = await connection.GetJsonAsync($"/apis/{groupVersion}", cancellationToken).ConfigureAwait(false) as JsonObject;
            return (list?["resources"] as JsonArray ?? [])
                .OfType<JsonObject>()
                .Select(r => Documents.JsonNodes.StringAt(r, "name"))
                .OfType<string>()
                .ToHashSet(StringComparer.Ordinal);
        }
        catch (ClusterException e) when (e.StatusCode is 403 or 404)
        {
            return new HashSet<string>();
        }
    }

    /// <summary>The first of <paramref name="preferred"/> that the group serves, or null.</summary>
    public string? PickVersion(string group, IReadOnlyList<string> preferred) =>
        _versions.TryGetValue(group, out var served) ? preferred.FirstOrDefault(served.Contains) : null;

    /// <summary>networking.istio.io in v1, else v1beta1, else v1alpha3.</summary>
    public string IstioVersion(KubeConnection connection) =>
        PickVersion(ApiKinds.IstioGroup, ApiKinds.IstioVersions)
        ?? throw new ClusterException($"context \"{connection.Context}\": Istio is not installed: {connection.Server} serves no {ApiKinds.IstioGroup} API (v1, v1beta1 or v1alpha3)");
}
