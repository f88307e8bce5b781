using System.Text.Json.Nodes;
using IstioTls.Model;
using IstioTls.Sources;

namespace IstioTls.Cluster;

/// <summary>
/// The cluster source: reads what the analysis needs from one context in a few list calls —
/// Gateways, VirtualServices and EnvoyFilters across all namespaces in parallel, then the
/// gateway Pods that the Gateway selectors reach. Where cluster-wide lists are forbidden it
/// falls back to the namespaces it may read and marks the snapshot partial; without permission
/// to list pods it falls back to selector equality. Both are said in warnings.
/// </summary>
public static class ClusterReader
{
    // Only metadata is needed from pods: ask for it, and accept full objects from servers that
    // do not offer the metadata-only form.
    private const string EnvoyFilterVersion = "v1alpha3";

    private const string MetadataOnly = "application/json;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1,application/json";

    public static async Task<ConfigSnapshot> ReadAsync(KubeConnection connection, string? contextNamespace, CancellationToken cancellationToken)
    {
        var discovery = await ApiDiscovery.ReadAsync(connection, cancellationToken).ConfigureAwait(false);
        var istio = discovery.IstioVersion(connection);
        var apiVersion = $"{ApiKinds.IstioGroup}/{istio}";
        var scope = new NamespaceScope(connection, contextNamespace);

        var gateways = scope.ListAsync($"/apis/{apiVersion}", "gateways", cancellationToken);
        var virtualServices = scope.ListAsync($"/apis/{apiVersion}", "virtualservices", cancellationToken);
        // Istio serves EnvoyFilter in v1alpha3 only, whatever version serves Gateways.
        var envoyFilterVersion = $"{ApiKinds.IstioGroup}/{EnvoyFilterVersion}";
        var envoyFilters = discovery.PickVersion(ApiKinds.IstioGroup, [EnvoyFilterVersion]) is null
            ? Task.FromResult(new List<JsonObject>())
            : scope.ListAsync($"/apis/{envoyFilterVersion}", "envoyfilters", cancellationToken);

        var builder = new SnapshotBuilder();
        var source = new SourceLocation($"context {connection.Context}");
        var gatewayItems = await gateways.ConfigureAwait(false);
        foreach (var item in gatewayItems)
        {
            builder.AddListed(ApiKind.IstioGateway, apiVersion, item, source);
        }
        var pods = await ListGatewayPodsAsync(connection, builder.Gateways, cancellationToken).ConfigureAwait(false);
        foreach (var item in await virtualServices.ConfigureAwait(false))
        {
            builder.AddListed(ApiKind.VirtualService, apiVersion, item, source);
        }
        foreach (var item in await envoyFilters.ConfigureAwait(false))
        {
            builder.AddListed(ApiKind.EnvoyFilter, envoyFilterVersion, item, source);
        }
        if (pods is null)
        {
            builder.Warn($"context \"{connection.Context}\": cannot list pods (forbidden): Gateways are grouped by equal selectors instead of by the gateway pods they reach");
        }
        else
        {
            foreach (var item in pods)
            {
                builder.AddListed(ApiKind.Pod, "v1", item, source);
            }
        }
        foreach (var warning in scope.Warnings)
        {
            builder.Warn(warning);
        }
        return builder.Build(connection.Context, partial: scope.Partial, workloadsFromPods: pods is not null);
    }

    /// <summary>One label-selector list per distinct Gateway selector, so that only gateway pods
    /// are read. Null when listing pods is forbidden.</summary>
    private static async Task<List<JsonObject>?> ListGatewayPodsAsync(KubeConnection connection, IEnumerable<Gateway> gateways, CancellationToken cancellationToken)
    {
        var selectors = gateways.Select(g => g.Selector).Where(s => !s.IsEmpty).Distinct().ToList();
        using var limit = new SemaphoreSlim(4);
        var lists = selectors.Select(async selector =>
        {
            await limit.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                return await ListPager.ListAsync(connection, "/api/v1/pods", cancellationToken, selector.ToString(), accept: MetadataOnly).ConfigureAwait(false);
            }
            finally
            {
                limit.Release();
            }
        }).ToList();
        try
        {
            var results = await Task.WhenAll(lists).ConfigureAwait(false);
            var seen = new HashSet<string>(StringComparer.Ordinal);
            return [.. results.SelectMany(r => r).Where(pod => seen.Add($"{pod["metadata"]?["namespace"]}/{pod["metadata"]?["name"]}"))];
        }
        catch (ClusterException e) when (e.StatusCode == 403)
        {
            return null;
        }
    }
}
