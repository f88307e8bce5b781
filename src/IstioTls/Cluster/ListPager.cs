using System.Net;
using System.Text.Json.Nodes;

namespace IstioTls.Cluster;

/// <summary>
/// One paginated list, as <c>kubectl get --chunk-size</c> does it: pages of <c>limit</c> items
/// joined by <c>continue</c> tokens. A continue token that expired (410 Gone) restarts the
/// list from the beginning, because the pages read so far may not be consistent with the rest.
/// Each page's items are mapped (decoded into the model) as soon as the page arrives, so a
/// page's JSON tree dies young instead of living, with every other page, to the end of the list.
/// </summary>
public static class ListPager
{
    public const int DefaultPageSize = 500;
    private const int MaxRestarts = 3;

    public static Task<List<JsonObject>> ListAsync(KubeConnection connection, string path, CancellationToken cancellationToken, string? labelSelector = null, int pageSize = DefaultPageSize, string? accept = null) =>
        ListAsync(connection, path, static item => item, cancellationToken, labelSelector, pageSize, accept);

    /// <param name="map">Applied to each item of a page as the page arrives, while the next
    /// page is already being fetched.</param>
    public static async Task<List<T>> ListAsync<T>(KubeConnection connection, string path, Func<JsonObject, T> map, CancellationToken cancellationToken, string? labelSelector = null, int pageSize = DefaultPageSize, string? accept = null)
    {
        Task<HttpResponseMessage> Request(string? continueToken)
        {
            var query = $"?limit={pageSize}";
            if (labelSelector is not null)
            {
                query += "&labelSelector=" + Uri.EscapeDataString(labelSelector);
            }
            if (continueToken is not null)
            {
                query += "&continue=" + Uri.EscapeDataString(continueToken);
            }
            return connection.SendAsync(HttpMethod.Get, path + query, null, cancellationToken, accept);
        }

        for (var restart = 0; ; restart++)
        {
            var items = new List<T>();
            Task<HttpResponseMessage>? request = Request(null);
            var continued = false;
            try
            {
                while (request is not null)
                {
                    using var response = await request.ConfigureAwait(false);
                    request = null;
                    if (response.StatusCode == HttpStatusCode.Gone && continued && restart < MaxRestarts)
                    {
                        break;
                    }
                    await connection.EnsureSuccessAsync(response, "list", path, cancellationToken).ConfigureAwait(false);
                    var page = await connection.ReadJsonAsync(response, path, cancellationToken).ConfigureAwait(false) as JsonObject
                        ?? throw new ClusterException($"context \"{connection.Context}\": list {path}: the answer is not a list");
                    var pageItems = Items(connection, path, page);
                    // The server prepares the next page while this one is decoded.
                    if (ContinueToken(connection, path, page) is { } next)
                    {
                        request = Request(next);
                        continued = true;
                    }
                    foreach (var item in pageItems)
                    {
                        items.Add(map(item));
                    }
                    if (request is null)
                    {
                        return items;
                    }
                }
            }
            finally
            {
                if (request is not null)
                {
                    Abandon(request);
                }
            }
        }
    }

    // A page fetched ahead that will not be read (a decode failed, the list was cancelled): its
    // response is disposed and its failure observed whenever it ends.
    private static void Abandon(Task<HttpResponseMessage> request) =>
        request.ContinueWith(static t =>
        {
            if (t.IsCompletedSuccessfully)
            {
                t.Result.Dispose();
            }
            _ = t.Exception;
        }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);

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
