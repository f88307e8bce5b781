using System.Collections.Concurrent;
using System.Text.Json.Nodes;

namespace IstioTls.Cluster;

/// <summary>
/// Lists a resource across all namespaces, or, where RBAC forbids that, in each namespace the
/// user may read: every namespace when namespaces can be listed, else the context's namespace.
/// Remembers what could not be read, for the warnings and the "partial" mark.
/// </summary>
internal sealed class NamespaceScope(KubeConnection connection, string? contextNamespace)
{
    private readonly ConcurrentQueue<string> _warnings = new();
    private Task<IReadOnlyList<string>?>? _namespaces;

    public bool Partial { get; private set; }

    public IEnumerable<string> Warnings => _warnings;

    public async Task<List<JsonObject>> ListAsync(string groupVersionPath, string resource, CancellationToken cancellationToken)
    {
        try
        {
            return await ListPager.ListAsync(connection, $"{groupVersionPath}/{resource}", cancellationToken).ConfigureAwait(false);
        }
        catch (ClusterException e) when (e.StatusCode == 403)
        {
            return await ListPerNamespaceAsync(groupVersionPath, resource, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<List<JsonObject>> ListPerNamespaceAsync(string groupVersionPath, string resource, CancellationToken cancellationToken)
    {
        var namespaces = await (_namespaces ??= ListNamespacesAsync(cancellationToken)).ConfigureAwait(false);
        var candidates = namespaces ?? (contextNamespace is null ? [] : [contextNamespace]);
        var items = new List<JsonObject>();
        var forbidden = new List<string>();
        foreach (var ns in candidates)
        {
            try
            {
                items.AddRange(await ListPager.ListAsync(connection, $"{groupVersionPath}/namespaces/{ns}/{resource}", cancellationToken).ConfigureAwait(false));
            }
            catch (ClusterException e) when (e.StatusCode == 403)
            {
                forbidden.Add(ns);
            }
        }
        var read = candidates.Except(forbidden).ToList();
        if (namespaces is null || forbidden.Count > 0)
        {
            Partial = true;
        }
        var where = namespaces is null
            ? $"namespaces cannot be listed either, so only the context's namespace was tried ({contextNamespace ?? "none set"})"
            : $"read namespace by namespace";
        var detail = forbidden.Count > 0 ? $"; forbidden in {string.Join(", ", forbidden)}" : "";
        _warnings.Enqueue($"context \"{connection.Context}\": cannot list {resource} at the cluster scope (forbidden); {where}: {(read.Count == 0 ? "none readable" : string.Join(", ", read))}{detail}");
        return items;
    }

    private async Task<IReadOnlyList<string>?> ListNamespacesAsync(CancellationToken cancellationToken)
    {
        try
        {
            var namespaces = await ListPager.ListAsync(connection, "/api/v1/namespaces", cancellationToken).ConfigureAwait(false);
            return [.. namespaces.Select(n => (string?)n["metadata"]?["name"]).OfType<string>().Order(StringComparer.Ordinal)];
        }
        catch (ClusterException e) when (e.StatusCode == 403)
        {
            return null;
        }
    }
}
