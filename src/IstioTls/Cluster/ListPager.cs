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
                items.AddRange(Items(connection, path, page));
                next = ContinueToken(connection, path, page);
            }
            while (next is not null);
            if (!expired)
            {
                return items;
            }
        }
    }

    // A page that is JSON but not a list (a proxy's answer, a broken server) is an error naming
    // the request, never a cast that throws.
    private static List<JsonObject> Items(KubeConnection connection, string path, JsonObject page)
    {
        switch (page["items"])
        {
            case null:
                return [];
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    if (array[i] is not JsonObject)
                    {
                        throw NotAList(connection, path, $"item {i} is not an object");
                    }
                }
                // Detach the items from the page so that each can live on alone.
                var detached = array.OfType<JsonObject>().ToList();
                array.Clear();
                return detached;
            default:
                throw NotAList(connection, path, "its items are not a list");
        }
    }

    private static string? ContinueToken(KubeConnection connection, string path, JsonObject page) => page["metadata"] switch
    {
        null => null,
        JsonObject metadata => metadata["continue"] switch
        {
            null => null,
            JsonValue value when value.TryGetValue(out string? token) => token.Length > 0 ? token : null,
            _ => throw NotAList(connection, path, "its continue token is not a string"),
        },
        _ => throw NotAList(connection, path, "its metadata is not an object"),
    };

    private static ClusterException NotAList(KubeConnection connection, string path, string problem) =>
        new($"context \"{connection.Context}\": list {path}: the answer is not a list: {problem}");
}
