using System.Text.Json.Nodes;
using IstioTls.Documents;
using IstioTls.Sources;

namespace IstioTls.Cluster;

/// <summary>A name in the cluster, for shell completion, with a few words about it.</summary>
public sealed record ListedName(string Name, string? Description = null);

/// <summary>
/// The names shell completion offers from the cluster: namespaces, and Istio Gateways as
/// <c>NAMESPACE/NAME</c> (what <c>merge --into</c> takes). One page of one list each, without
/// discovery: an Istio version the server does not serve answers 404 and the next is tried.
/// </summary>
public static class NameListing
{
    private const int Limit = 500;

    public static async Task<IReadOnlyList<ListedName>> NamespacesAsync(KubeConnection connection, CancellationToken cancellationToken)
    {
        var list = await connection.GetJsonAsync($"/api/v1/namespaces?limit={Limit}", cancellationToken).ConfigureAwait(false);
        return [.. Items(list).Select(item => JsonNodes.StringAt(item, "metadata", "name")).OfType<string>().Select(name => new ListedName(name))];
    }

    public static async Task<IReadOnlyList<ListedName>> IstioGatewaysAsync(KubeConnection connection, CancellationToken cancellationToken)
    {
        foreach (var version in ApiKinds.IstioVersions)
        {
            if (await connection.GetJsonAsync($"/apis/{ApiKinds.IstioGroup}/{version}/gateways?limit={Limit}", cancellationToken).ConfigureAwait(false) is { } list)
            {
                return [.. Items(list).Select(Gateway).OfType<ListedName>()];
            }
        }
        return [];
    }

    // "2 servers, istio=ingressgateway": merge joins servers on one gateway workload.
    private static ListedName? Gateway(JsonObject item)
    {
        if (JsonNodes.StringAt(item, "metadata", "namespace") is not { } ns || JsonNodes.StringAt(item, "metadata", "name") is not { } name)
        {
            return null;
        }
        var servers = (item["spec"]?["servers"] as JsonArray)?.Count ?? 0;
        var selector = item["spec"]?["selector"] is JsonObject labels
            ? string.Join(',', labels.Select(l => $"{l.Key}={JsonNodes.ScalarText(l.Value)}"))
            : "";
        var description = servers == 1 ? "1 server" : $"{servers} servers";
        return new ListedName($"{ns}/{name}", selector.Length > 0 ? $"{description}, {selector}" : description);
    }

    private static IEnumerable<JsonObject> Items(JsonNode? list) => (list?["items"] as JsonArray ?? []).OfType<JsonObject>();
}
