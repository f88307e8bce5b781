using System.Net;
using System.Text.Json.Nodes;

namespace IstioTls.TestApiServer.Tests;

/// <summary>List calls over HTTP: pagination, selectors, list envelope, versions.</summary>
public sealed class ListTests : IAsyncLifetime
{
    TestApiServer _server = null!;
    HttpClient _client = null!;

    public async Task InitializeAsync()
    {
        var options = new TestApiServerOptions();
        // 25 gateways over namespaces n1..n3, labelled by index parity and tier.
        for (var i = 0; i < 25; i++)
        {
            options.SeedObjects.Add(Seeds.Gateway($"n{(i % 3) + 1}", $"gw-{i:D2}", labels: new Dictionary<string, string>
            {
                ["parity"] = i % 2 == 0 ? "even" : "odd",
                ["tier"] = i < 5 ? "edge" : "internal",
            }));
        }
        _server = await TestApiServer.StartAsync(options);
        _client = _server.CreateHttpClient();
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task ListEnvelopeHasKindApiVersionAndResourceVersion()
    {
        var result = await _client.GetJsonAsync("/apis/networking.istio.io/v1/gateways");
        Assert.Equal(HttpStatusCode.OK, result.Status);
        Assert.Equal("application/json", result.ContentType);
        Assert.Equal("GatewayList", result.Body.Str("kind"));
        Assert.Equal("networking.istio.io/v1", result.Body.Str("apiVersion"));
        Assert.Equal(_server.Store.CurrentResourceVersion.ToString(System.Globalization.CultureInfo.InvariantCulture), result.Body.Str("metadata.resourceVersion"));
        Assert.Equal(25, result.Body!["items"]!.AsArray().Count);
        Assert.Null(result.Body["metadata"]!["continue"]);
    }

    [Theory]
    [InlineData("/apis/networking.istio.io/v1/gateways", 10, 25)]
    [InlineData("/apis/networking.istio.io/v1/gateways", 7, 25)]
    [InlineData("/apis/networking.istio.io/v1/gateways", 25, 25)]
    [InlineData("/apis/networking.istio.io/v1/namespaces/n2/gateways", 3, 8)]
    [InlineData("/apis/networking.istio.io/v1beta1/namespaces/n1/gateways", 500, 9)]
    public async Task PagesCoverEveryItemOnceInKeyOrder(string path, int limit, int total)
    {
        var names = new List<string>();
        string? token = null;
        var pages = 0;
        do
        {
            var url = $"{path}?limit={limit}" + (token is null ? "" : $"&continue={Uri.EscapeDataString(token)}");
            var page = (await _client.GetJsonAsync(url)).Object;
            var items = page["items"]!.AsArray();
            names.AddRange(items.Select(i => i.Str("metadata.namespace") + "/" + i.Str("metadata.name")));
            token = page["metadata"]!["continue"]?.GetValue<string>();
            var remaining = page["metadata"]!["remainingItemCount"]?.GetValue<long>();
            Assert.Equal(token is null ? null : total - names.Count, remaining);
            Assert.True(items.Count <= limit);
            pages++;
        }
        while (token is not null);
        Assert.Equal(total, names.Count);
        Assert.Equal(names.Order(StringComparer.Ordinal), names);
        Assert.Equal(names.Distinct(), names);
        Assert.Equal((total + limit - 1) / limit, pages);
    }

    [Theory]
    [InlineData("tier=edge", 5)]
    [InlineData("tier==edge", 5)]
    [InlineData("tier!=edge", 20)]
    [InlineData("tier in (edge,internal)", 25)]
    [InlineData("tier notin (edge)", 20)]
    [InlineData("parity=even,tier=edge", 3)]
    [InlineData("parity", 25)]
    [InlineData("!parity", 0)]
    [InlineData("missing", 0)]
    [InlineData("!missing", 25)]
    public async Task LabelSelectors(string selector, int expected)
    {
        var result = await _client.GetJsonAsync($"/apis/networking.istio.io/v1/gateways?labelSelector={Uri.EscapeDataString(selector)}");
        Assert.Equal(HttpStatusCode.OK, result.Status);
        Assert.Equal(expected, result.Body!["items"]!.AsArray().Count);
    }

    [Fact]
    public async Task SelectorsWithLimitStillPageButOmitRemainingItemCount()
    {
        var page = (await _client.GetJsonAsync("/apis/networking.istio.io/v1/gateways?labelSelector=parity%3Deven&limit=5")).Object;
        Assert.Equal(5, page["items"]!.AsArray().Count);
        Assert.NotNull(page["metadata"]!["continue"]);
        Assert.Null(page["metadata"]!["remainingItemCount"]);
    }

    [Theory]
    [InlineData("metadata.name=gw-04", 1)]
    [InlineData("metadata.name==gw-04", 1)]
    [InlineData("metadata.name!=gw-04", 24)]
    [InlineData("metadata.namespace=n1", 9)]
    [InlineData("metadata.namespace=n1,metadata.name=gw-03", 1)]
    public async Task FieldSelectors(string selector, int expected)
    {
        var result = await _client.GetJsonAsync($"/apis/networking.istio.io/v1/gateways?fieldSelector={Uri.EscapeDataString(selector)}");
        Assert.Equal(expected, result.Body!["items"]!.AsArray().Count);
    }

    [Theory]
    [InlineData("labelSelector=a%20in%20(", 400)]
    [InlineData("labelSelector=%3D%3Dx", 400)]
    [InlineData("fieldSelector=spec.x%3Dy", 400)]
    [InlineData("limit=-1", 400)]
    [InlineData("continue=not-a-token", 400)]
    public async Task BadParametersAreBadRequests(string query, int code)
    {
        var result = await _client.GetJsonAsync($"/apis/networking.istio.io/v1/gateways?{query}");
        Assert.Equal(code, result.Code);
        Assert.Equal("Status", result.Body.Str("kind"));
        Assert.Equal("BadRequest", result.Body.Str("reason"));
    }

    [Fact]
    public async Task ObjectsAreServedAtTheRequestedVersion()
    {
        foreach (var version in new[] { "v1", "v1beta1", "v1alpha3" })
        {
            var one = await _client.GetJsonAsync($"/apis/networking.istio.io/{version}/namespaces/n1/gateways/gw-00");
            Assert.Equal($"networking.istio.io/{version}", one.Body.Str("apiVersion"));
        }
    }

    [Fact]
    public async Task CompactionExpiresContinueTokens()
    {
        var first = (await _client.GetJsonAsync("/apis/networking.istio.io/v1/gateways?limit=5")).Object;
        var token = first["metadata"]!["continue"]!.GetValue<string>();
        _server.Store.ExpireContinueTokens();
        var expired = await _client.GetJsonAsync($"/apis/networking.istio.io/v1/gateways?limit=5&continue={Uri.EscapeDataString(token)}");
        Assert.Equal(HttpStatusCode.Gone, expired.Status);
        Assert.Equal(
            """{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter.","reason":"Expired","code":410}""",
            expired.Text);
        // A fresh list after the compaction pages normally.
        var fresh = (await _client.GetJsonAsync("/apis/networking.istio.io/v1/gateways?limit=5")).Object;
        var next = await _client.GetJsonAsync($"/apis/networking.istio.io/v1/gateways?limit=5&continue={Uri.EscapeDataString(fresh["metadata"]!["continue"]!.GetValue<string>())}");
        Assert.Equal(HttpStatusCode.OK, next.Status);
    }

    [Fact]
    public async Task TableIsServedWhenAskedFor()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/apis/networking.istio.io/v1/namespaces/n1/gateways?limit=2");
        request.Headers.TryAddWithoutValidation("Accept", "application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json");
        using var response = await _client.SendAsync(request);
        var table = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal("Table", table.Str("kind"));
        Assert.Equal("meta.k8s.io/v1", table.Str("apiVersion"));
        Assert.Equal(["Name", "Age"], table["columnDefinitions"]!.AsArray().Select(c => c.Str("name")));
        var rows = table["rows"]!.AsArray();
        Assert.Equal(2, rows.Count);
        Assert.Equal("gw-00", rows[0]!["cells"]![0]!.GetValue<string>());
        Assert.Equal("PartialObjectMetadata", rows[0].Str("object.kind"));
        Assert.Equal("n1", rows[0].Str("object.metadata.namespace"));
        Assert.NotNull(table["metadata"]!["continue"]);
    }
}
