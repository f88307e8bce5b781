using System.Text.Json.Nodes;
using IstioTls.Documents;
using IstioTls.Model;
using IstioTls.Sources;
using DecodedObject = IstioTls.Sources.SnapshotBuilder.DecodedObject;

namespace IstioTls.Cluster;

/// <summary>
/// The cluster source: reads what the analysis needs from one context in a few list calls —
/// Gateways, VirtualServices and EnvoyFilters across all namespaces in parallel, with Gateway API
/// Gateways, GatewayClasses, ListenerSets and ReferenceGrants where the cluster serves that API,
/// the Services (their target ports are the ports Envoy listens on), then the gateway Pods that the
/// Gateway selectors reach, and, only for <c>--inspect-certs</c>, the Secrets the servers
/// reference. Where cluster-wide lists are forbidden it falls back to the namespaces it may read
/// and marks the snapshot partial; without permission to list pods it falls back to selector
/// equality. Both are said in warnings. Which Secrets to read follows from the workloads, a
/// question for the analysis: the caller passes it in as <see cref="SecretsToRead"/>.
/// </summary>
public static class ClusterReader
{
    // Only metadata is needed from pods: ask for it, and accept full objects from servers that
    // do not offer the metadata-only form.
    private const string EnvoyFilterVersion = "v1alpha3";

    private const string MetadataOnly = "application/json;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1,application/json";

    /// <summary>The Secrets (namespace, name) whose certificates to read, given what was read.</summary>
    public delegate IEnumerable<(string Namespace, string Name)> SecretsToRead(ConfigSnapshot snapshot);

    /// <param name="secrets">Read these Secrets too (<c>--inspect-certs</c>); null: none.</param>
    /// <param name="keep">Where to keep the objects whole, for plans that write them back.</param>
    /// <param name="sameAs">Other contexts this read stands for (<see cref="ContextOrigin.SameAs"/>).</param>
    public static async Task<ConfigSnapshot> ReadAsync(KubeConnection connection, string? contextNamespace, CancellationToken cancellationToken, SecretsToRead? secrets = null, ObjectsAsRead? keep = null, IReadOnlyList<string>? sameAs = null)
    {
        var origin = new ContextOrigin(connection.Context) { SameAs = sameAs ?? [] };
        var discovery = await ApiDiscovery.ReadAsync(connection, cancellationToken).ConfigureAwait(false);
        var istio = discovery.IstioVersion(connection);
        var apiVersion = $"{ApiKinds.IstioGroup}/{istio}";
        var gatewayApi = discovery.PickVersion(ApiKinds.GatewayApiGroup, ApiKinds.GatewayApiVersions) is { } v ? $"{ApiKinds.GatewayApiGroup}/{v}" : null;
        var scope = new NamespaceScope(connection, contextNamespace);
        var builder = new SnapshotBuilder(inspectCertificates: secrets is not null, keep);
        var source = new SourceLocation($"context {connection.Context}");
        // Items are decoded as their page arrives (in parallel, lists being read at once) and
        // accepted into the builder below in a fixed order.
        Func<JsonObject, DecodedObject> As(ApiKind kind, string version) => item => builder.DecodeListed(kind, version, item, source);

        var gateways = scope.ListAsync($"/apis/{apiVersion}", "gateways", As(ApiKind.IstioGateway, apiVersion), cancellationToken);
        var virtualServices = scope.ListAsync($"/apis/{apiVersion}", "virtualservices", As(ApiKind.VirtualService, apiVersion), cancellationToken);
        // Istio serves EnvoyFilter in v1alpha3 only, whatever version serves Gateways.
        var envoyFilterVersion = $"{ApiKinds.IstioGroup}/{EnvoyFilterVersion}";
        var envoyFilters = discovery.PickVersion(ApiKinds.IstioGroup, [EnvoyFilterVersion]) is null
            ? Task.FromResult(new List<DecodedObject>())
            : scope.ListAsync($"/apis/{envoyFilterVersion}", "envoyfilters", As(ApiKind.EnvoyFilter, envoyFilterVersion), cancellationToken);
        var gatewayApiGateways = gatewayApi is null ? null : ForbiddenAsNull(scope.ListAsync($"/apis/{gatewayApi}", "gateways", As(ApiKind.KubernetesGateway, gatewayApi), cancellationToken, $"gateways.{ApiKinds.GatewayApiGroup}"));
        var gatewayClasses = gatewayApi is null ? null : ForbiddenAsNull(ListPager.ListAsync(connection, $"/apis/{gatewayApi}/gatewayclasses", As(ApiKind.GatewayClass, gatewayApi), cancellationToken));
        // istiod listens on the target port of the Service in front of the gateway pods: the
        // port a precise filter must match, and the one servers share a listener on.
        var services = ForbiddenAsNull(ListPager.ListAsync(connection, "/api/v1/services", As(ApiKind.Service, "v1"), cancellationToken));
        // Newer than Gateways: a cluster may serve the group without these resources.
        var (listenerSetApi, grantApi) = gatewayApi is null ? (null, null) : await GatewayApiExtrasAsync(connection, discovery, cancellationToken).ConfigureAwait(false);
        var listenerSets = listenerSetApi is null ? null : ForbiddenAsNull(scope.ListAsync($"/apis/{listenerSetApi}", "listenersets", As(ApiKind.ListenerSet, listenerSetApi), cancellationToken, $"listenersets.{ApiKinds.GatewayApiGroup}"));
        var referenceGrants = grantApi is null ? null : ForbiddenAsNull(scope.ListAsync($"/apis/{grantApi}", "referencegrants", As(ApiKind.ReferenceGrant, grantApi), cancellationToken, $"referencegrants.{ApiKinds.GatewayApiGroup}"));

        builder.Accept(await gateways.ConfigureAwait(false));
        var partial = false;
        if (gatewayApi is not null)
        {
            partial = !await AddGatewayApiAsync(builder, connection, gatewayApiGateways!, gatewayClasses!).ConfigureAwait(false);
        }
        // Without Gateway API Gateways these have nothing to attach to, nor to warn about.
        await AddListenerSetsAsync(builder, connection, partial ? null : listenerSetApi, listenerSets).ConfigureAwait(false);
        await AddReferenceGrantsAsync(builder, connection, partial ? null : grantApi, referenceGrants).ConfigureAwait(false);
        // Before the pods: an unmanaged Gateway API Gateway runs on the pods its Service selects.
        if (await services.ConfigureAwait(false) is { } serviceItems)
        {
            builder.ServicesListed();
            builder.Accept(serviceItems);
        }
        else
        {
            builder.Warn($"context \"{connection.Context}\": cannot list services (forbidden): the ports Envoy listens on are assumed to be the Gateway ports as written, so a precise 421 filter cannot be verified");
        }
        var pods = await ListGatewayPodsAsync(connection, builder.Gateways, As(ApiKind.Pod, "v1"), cancellationToken).ConfigureAwait(false);
        builder.Accept(await virtualServices.ConfigureAwait(false));
        builder.Accept(await envoyFilters.ConfigureAwait(false));
        if (pods is null)
        {
            builder.Warn($"context \"{connection.Context}\": cannot list pods (forbidden): Gateways are grouped by equal selectors instead of by the gateway pods they reach");
        }
        else
        {
            builder.PodsListed();
            builder.Accept(pods);
        }
        foreach (var warning in scope.Warnings)
        {
            builder.Warn(warning);
        }
        partial |= scope.Partial;
        if (secrets is not null)
        {
            var referenced = secrets(builder.Build(origin, partial));
            foreach (var secret in await SecretReader.ReadAsync(connection, referenced, source, cancellationToken).ConfigureAwait(false))
            {
                builder.AddSecret(secret);
            }
        }
        return builder.Build(origin, partial: partial);
    }

    /// <summary>Adds the Gateway API objects; false when Gateways could not be listed (the
    /// report is then partial). Forbidden GatewayClasses only cost the class check.</summary>
    private static async Task<bool> AddGatewayApiAsync(SnapshotBuilder builder, KubeConnection connection, Task<List<DecodedObject>?> gateways, Task<List<DecodedObject>?> classes)
    {
        var gatewayItems = await gateways.ConfigureAwait(false);
        var classItems = await classes.ConfigureAwait(false);
        if (gatewayItems is null)
        {
            builder.Warn($"context \"{connection.Context}\": cannot list gateways.{ApiKinds.GatewayApiGroup} (forbidden): Gateway API Gateways are not checked");
            return false;
        }
        if (classItems is null && gatewayItems.Count > 0)
        {
            builder.Warn($"context \"{connection.Context}\": cannot list gatewayclasses.{ApiKinds.GatewayApiGroup} (forbidden): only Gateway API Gateways of class \"istio\" are checked");
        }
        builder.Accept(classItems ?? []);
        builder.Accept(gatewayItems);
        return true;
    }

    /// <summary>ListenerSets add listeners to their parent Gateway's pods. Forbidden: said in a
    /// warning (the Gateways themselves are still checked).</summary>
    private static async Task AddListenerSetsAsync(SnapshotBuilder builder, KubeConnection connection, string? apiVersion, Task<List<DecodedObject>?>? list)
    {
        if (list is null)
        {
            return;
        }
        var items = await list.ConfigureAwait(false);
        if (apiVersion is null)
        {
            return;
        }
        if (items is null)
        {
            builder.Warn($"context \"{connection.Context}\": cannot list listenersets.{ApiKinds.GatewayApiGroup} (forbidden): listeners that ListenerSets add to Gateways are not checked");
            return;
        }
        builder.Accept(items);
    }

    /// <summary>ReferenceGrants decide which cross-namespace certificateRefs istiod accepts.
    /// Forbidden: every such reference counts as accepted, and a warning says so.</summary>
    private static async Task AddReferenceGrantsAsync(SnapshotBuilder builder, KubeConnection connection, string? apiVersion, Task<List<DecodedObject>?>? list)
    {
        if (list is null)
        {
            return;
        }
        var items = await list.ConfigureAwait(false);
        if (apiVersion is null)
        {
            return;
        }
        if (items is null)
        {
            builder.ReferenceGrantsUnknown();
            builder.Warn($"context \"{connection.Context}\": cannot list referencegrants.{ApiKinds.GatewayApiGroup} (forbidden): certificateRefs to other namespaces are taken as permitted");
            return;
        }
        builder.Accept(items);
    }

    /// <summary>The group versions that serve ListenerSets (v1) and ReferenceGrants (v1beta1,
    /// else v1), from their discovery documents; null where none does.</summary>
    private static async Task<(string? ListenerSets, string? ReferenceGrants)> GatewayApiExtrasAsync(KubeConnection connection, ApiDiscovery discovery, CancellationToken cancellationToken)
    {
        var resources = new Dictionary<string, IReadOnlySet<string>>(StringComparer.Ordinal);
        foreach (var version in ApiKinds.ReferenceGrantVersions.Append(ApiKinds.ListenerSetVersion).Distinct(StringComparer.Ordinal))
        {
            if (discovery.PickVersion(ApiKinds.GatewayApiGroup, [version]) is not null)
            {
                resources[version] = await ApiDiscovery.ResourcesAsync(connection, $"{ApiKinds.GatewayApiGroup}/{version}", cancellationToken).ConfigureAwait(false);
            }
        }
        string? Serving(string resource, IEnumerable<string> versions) =>
            versions.FirstOrDefault(v => resources.TryGetValue(v, out var served) && served.Contains(resource)) is { } v ? $"{ApiKinds.GatewayApiGroup}/{v}" : null;
        return (Serving("listenersets", [ApiKinds.ListenerSetVersion]), Serving("referencegrants", ApiKinds.ReferenceGrantVersions));
    }

    private static async Task<List<DecodedObject>?> ForbiddenAsNull(Task<List<DecodedObject>> list)
    {
        try
        {
            return await list.ConfigureAwait(false);
        }
        catch (ClusterException e) when (e.StatusCode == 403)
        {
            return null;
        }
    }

    /// <summary>One label-selector list per distinct Gateway selector, so that only gateway pods
    /// are read (in the Gateway's namespace where its selector reaches only that one). Null when
    /// listing pods is forbidden.</summary>
    private static async Task<List<DecodedObject>?> ListGatewayPodsAsync(KubeConnection connection, IEnumerable<Gateway> gateways, Func<JsonObject, DecodedObject> decode, CancellationToken cancellationToken)
    {
        var selectors = gateways.Where(g => !g.Selector.IsEmpty).Select(g => (g.Selector, g.SelectorNamespace)).Distinct().ToList();
        using var limit = new SemaphoreSlim(4);
        var lists = selectors.Select(async selector =>
        {
            await limit.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                var path = selector.SelectorNamespace is { } ns ? $"/api/v1/namespaces/{Uri.EscapeDataString(ns)}/pods" : "/api/v1/pods";
                return await ListPager.ListAsync(connection, path, decode, cancellationToken, selector.Selector.ToString(), accept: MetadataOnly).ConfigureAwait(false);
            }
            finally
            {
                limit.Release();
            }
        }).ToList();
        try
        {
            var results = await Task.WhenAll(lists).ConfigureAwait(false);
            // A pod two selectors reach is listed twice: keep it once.
            var seen = new HashSet<(ApiKind, string?, string?)>();
            return [.. results.SelectMany(r => r).Where(pod => seen.Add(pod.Identity))];
        }
        catch (ClusterException e) when (e.StatusCode == 403)
        {
            return null;
        }
    }
}
