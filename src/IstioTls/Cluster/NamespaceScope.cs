using System.Collections.Concurrent;
using System.Text.Json.Nodes;

namespace IstioTls.Cluster;

/// <summary>
/// Lists a resource across all namespaces, or, where RBAC forbids that, in each namespace the
/// user may read: every namespace when namespaces can be listed, else the context's namespace.
/// Remembers what could not be read, for the warnings and the "partial" mark. When not even one
/// namespace is readable the original 403 stands: a report of nothing is not a clean report.
/// </summary>
internal sealed class NamespaceScope(KubeConnection connection, string? contextNamespace)
{
    private sealed record Fallback(string Resource, bool NamespacesListed, IReadOnlyList<string> Read, IReadOnlyList<string> Forbidden);

    private readonly ConcurrentBag<Fallback> _fallbacks = [];
    private Task<IReadOnlyList<string>?>? _namespaces;
    private readonly Lock _gate = new();

    public bool Partial => _fallbacks.Any(f => !f.NamespacesListed || f.Forbidden.Count > 0);

    /// <summary>One warning per way of falling back, naming every resource that fell back so.</summary>
    public IEnumerable<string> Warnings =>
        _fallbacks
            .GroupBy(f => (f.NamespacesListed, Read: string.Join(", ", f.Read), Forbidden: string.Join(", ", f.Forbidden)))
            .Select(g =>
            {
                var resources = string.Join(", ", g.Select(f => f.Resource).Order(StringComparer.Ordinal));
                var how = g.Key.NamespacesListed
                    ? "read namespace by namespace"
                    : $"namespaces cannot be listed either, so only the context's namespace was tried ({contextNamespace ?? "none set"})";
                var forbidden = g.Key.Forbidden.Length > 0 ? $"; forbidden in {g.Key.Forbidden}" : "";
                return $"context \"{connection.Context}\": cannot list {resources} at the cluster scope (forbidden); {how}: {g.Key.Read}{forbidden}";
            })
            .Order(StringComparer.Ordinal);

    /// <param name="displayName">How warnings name the resource where its plural alone is
    /// ambiguous (<c>gateways.gateway.networking.k8s.io</c>, as kubectl says it).</param>
    /// <param name="map">Applied to each item as its page arrives (see <see cref="ListPager"/>).</param>
    public async Task<List<T>> ListAsync<T>(string groupVersionPath, string resource, Func<JsonObject, T> map, CancellationToken cancellationToken, string? displayName = null)
    {
        try
        {
            return await ListPager.ListAsync(connection, $"{groupVersionPath}/{resource}", map, cancellationToken).ConfigureAwait(false);
        }
        catch (ClusterException e) when (e.StatusCode == 403)
        {
            return await ListPerNamespaceAsync(groupVersionPath, resource, map, displayName ?? resource, e, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<List<T>> ListPerNamespaceAsync<T>(string groupVersionPath, string resource, Func<JsonObject, T> map, string displayName, ClusterException clusterWide, CancellationToken cancellationToken)
    {
        Task<IReadOnlyList<string>?> namespacesTask;
        lock (_gate)
        {
            namespacesTask = _namespaces ??= ListNamespacesAsync(cancellationToken);
        }
        var namespaces = await namespacesTask.ConfigureAwait(false);
        var candidates = namespaces ?? (contextNamespace is null ? [] : [contextNamespace]);
        var items = new List<T>();
        var read = new List<string>();
        var forbidden = new List<string>();
        foreach (var ns in candidates)
        {
            try
            {
                items.AddRange(await ListPager.ListAsync(connection, $"{groupVersionPath}/namespaces/{ns}/{resource}", map, cancellationToken).ConfigureAwait(false));
                read.Add(ns);
            }
            catch (ClusterException e) when (e.StatusCode == 403)
            {
                forbidden.Add(ns);
            }
        }
        if (read.Count == 0)
        {
            throw clusterWide;
        }
        _fallbacks.Add(new Fallback(displayName, namespaces is not null, read, forbidden));
        return items;
    }

    private async Task<IReadOnlyList<string>?> ListNamespacesAsync(CancellationToken cancellationToken)
    {
        try
        {
            var namespaces = await ListPager.ListAsync(connection, "/api/v1/namespaces", cancellationToken).ConfigureAwait(false);
            return [.. namespaces.Select(n => Documents.JsonNodes.StringAt(n, "metadata", "name")).OfType<string>().Order(StringComparer.Ordinal)];
        }
        catch (ClusterException e) when (e.StatusCode == 403)
        {
            return null;
        }
    }
}
