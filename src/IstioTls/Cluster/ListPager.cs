using System.Net;
using System.Text.Json.Nodes;

namespace IstioTls.Cluster;

/// <summary>
/// One paginated list, as <c>kubectl get --chunk-size</c> does it: pages of <c>limit</c> items
/// joined by <c>continue</c> tokens. A continue token that expired (410 Gone) restarts the
/// list from the beginning, because the pages read so far may not be consistent with the rest.
/// </summary>
public static class ListPager
{
    public const int DefaultPageSize = 500;
    private const int MaxRestarts = 3;

    public static async Task<List<JsonObject>> ListAsync(KubeConnection connection, string path, CancellationToken cancellationToken, string? labelSelector = null, int pageSize = DefaultPageSize, string? accept = null)
    {
        for (var restart = 0; ; restart++)
        {
            var items = new List<JsonObject>();
            string? next = null;
            var expired = false;
            do
            {
                var query = $"?limit={pageSize}";
                if (labelSelector is not null)
                {
                    query += "&labelSelector=" + Uri.EscapeDataString(labelSelector);
                }
                if (next is not null)
                {
                    query += "&continue=" + Uri.EscapeDataString(next);
                }
                using var response = await connection.SendAsync(HttpMethod.Get, path + query, null, cancellationToken, accept).ConfigureAwait(false);
                if (response.StatusCode == HttpStatusCode.Gone && next is not null && restart < MaxRestarts)
                {
                    expired = true;
                    break;
                }
                await connection.EnsureSuccessAsync(response, "list", path, cancellationToken).ConfigureAwait(false);
                var page = await connection.ReadJsonAsync(response, path, cancellationToken).ConfigureAwait(false) as JsonObject
                    ?? throw new ClusterException($"context \"{connection.Context}\": list {path}: the answer is not a list");
                if (page["items"] is JsonArray array)
                {
                    // Detach the items from the page so that each can live on alone.
                    var detached = array.OfType<JsonObject>().ToList();
                    array.Clear();
                    items.AddRange(detached);
                }
                next = (string?)page["metadata"]?["continue"] is { Length: > 0 } token ? token : null;
            }
            while (next is not null);
            if (!expired)
            {
                return items;
            }
        }
    }
}
