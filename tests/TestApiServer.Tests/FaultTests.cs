using System.Diagnostics;
using System.Net;

namespace IstioTls.TestApiServer.Tests;

/// <summary>Injected faults: status codes, throttling, expired continues, dropped connections, latency.</summary>
public sealed class FaultTests : IAsyncLifetime
{
    const string Gateways = "/apis/networking.istio.io/v1/gateways";

    TestApiServer _server = null!;
    HttpClient _client = null!;

    public async Task InitializeAsync()
    {
        var options = new TestApiServerOptions().WithIstioExample();
        for (var i = 0; i < 6; i++)
        {
            options.SeedObjects.Add(Seeds.Gateway("f", $"gw-{i}"));
        }
        _server = await TestApiServer.StartAsync(options);
        _client = _server.CreateHttpClient();
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _server.DisposeAsync();
    }

    [Theory]
    [InlineData(500, "InternalError", "Internal error occurred: injected fault")]
    [InlineData(503, "ServiceUnavailable", "the server is currently unable to handle the request")]
    [InlineData(504, "Timeout", "the server was unable to return a response in the time allotted, but may still be processing the request")]
    public async Task StatusFaultsFireExactlyNTimes(int code, string reason, string message)
    {
        _server.Faults.FailWith(code, times: 2, verb: "list", resource: "gateways");
        for (var i = 0; i < 2; i++)
        {
            var failed = await _client.GetJsonAsync(Gateways);
            Assert.Equal(code, failed.Code);
            Assert.Equal("Status", failed.Body.Str("kind"));
            Assert.Equal("Failure", failed.Body.Str("status"));
            Assert.Equal(reason, failed.Body.Str("reason"));
            Assert.Equal(message, failed.Body.Str("message"));
            Assert.Equal(code, failed.Body!["code"]!.GetValue<int>());
        }
        Assert.Equal(HttpStatusCode.OK, (await _client.GetJsonAsync(Gateways)).Status);
        Assert.Equal(2, _server.Requests.Entries.Count(r => r.StatusCode == code && r.Fault == "Status"));
    }

    [Fact]
    public async Task FaultsOnlyMatchTheirResourceAndVerb()
    {
        _server.Faults.FailWith(503, times: 1, verb: "list", resource: "virtualservices");
        Assert.Equal(HttpStatusCode.OK, (await _client.GetJsonAsync(Gateways)).Status);
        Assert.Equal(HttpStatusCode.OK, (await _client.GetJsonAsync("/apis/networking.istio.io/v1/namespaces/f/gateways/gw-0")).Status);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await _client.GetJsonAsync("/apis/networking.istio.io/v1/virtualservices")).Status);
        Assert.Equal(HttpStatusCode.OK, (await _client.GetJsonAsync("/apis/networking.istio.io/v1/virtualservices")).Status);
    }

    [Fact]
    public async Task TooManyRequestsCarriesRetryAfter()
    {
        var rule = _server.Faults.TooManyRequests(times: 2, retryAfterSeconds: 3, resource: "gateways");
        for (var i = 0; i < 2; i++)
        {
            var throttled = await _client.GetJsonAsync(Gateways);
            Assert.Equal(HttpStatusCode.TooManyRequests, throttled.Status);
            Assert.Equal(TimeSpan.FromSeconds(3), throttled.Headers.RetryAfter?.Delta);
            Assert.Equal("TooManyRequests", throttled.Body.Str("reason"));
            Assert.Equal(3, throttled.Body!["details"]!["retryAfterSeconds"]!.GetValue<int>());
        }
        Assert.Equal(HttpStatusCode.OK, (await _client.GetJsonAsync(Gateways)).Status);
        Assert.Equal(2, rule.Hits);
        Assert.Equal(0, rule.Remaining);
    }

    [Fact]
    public async Task ExpiredOnlyHitsListsWithAContinueToken()
    {
        _server.Faults.ExpireContinue(times: 1, resource: "gateways");
        var first = await _client.GetJsonAsync($"{Gateways}?limit=2");
        Assert.Equal(HttpStatusCode.OK, first.Status);
        var token = first.Body!["metadata"]!["continue"]!.GetValue<string>();
        var gone = await _client.GetJsonAsync($"{Gateways}?limit=2&continue={Uri.EscapeDataString(token)}");
        Assert.Equal(HttpStatusCode.Gone, gone.Status);
        Assert.Equal("Expired", gone.Body.Str("reason"));
        Assert.Equal("The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter.", gone.Body.Str("message"));
        Assert.Equal(HttpStatusCode.OK, (await _client.GetJsonAsync($"{Gateways}?limit=2&continue={Uri.EscapeDataString(token)}")).Status);
    }

    [Theory]
    [InlineData("1.1")]
    [InlineData("2.0")]
    public async Task DroppedConnectionsGiveNoResponse(string version)
    {
        using var client = _server.CreateHttpClient(httpVersion: Version.Parse(version));
        _server.Faults.DropConnection(times: 1, verb: "get", resource: "gateways");
        await Assert.ThrowsAsync<HttpRequestException>(() => client.GetJsonAsync("/apis/networking.istio.io/v1/namespaces/f/gateways/gw-1"));
        Assert.Equal(HttpStatusCode.OK, (await client.GetJsonAsync("/apis/networking.istio.io/v1/namespaces/f/gateways/gw-1")).Status);
        Assert.Contains(_server.Requests.Entries, r => r.Fault == "DropConnection" && r.StatusCode == 0);
    }

    [Fact]
    public async Task ADroppedHttp2ConnectionIsReallyClosed()
    {
        using var client = _server.CreateHttpClient(httpVersion: new Version(2, 0));
        _server.Requests.Clear();
        Assert.Equal(HttpStatusCode.OK, (await client.GetJsonAsync("/version")).Status);
        Assert.Equal(HttpStatusCode.OK, (await client.GetJsonAsync("/version")).Status);
        _server.Faults.DropConnection(times: 1, resource: "gateways");
        await Assert.ThrowsAsync<HttpRequestException>(() => client.GetJsonAsync(Gateways));
        Assert.Equal(HttpStatusCode.OK, (await client.GetJsonAsync("/version")).Status);
        var connections = _server.Requests.Entries.Select(r => r.ConnectionId).ToList();
        // HTTP/2 multiplexes everything on one connection until the fault closes it.
        Assert.Equal(connections[0], connections[1]);
        Assert.Equal(connections[0], connections[2]);
        Assert.NotEqual(connections[0], connections[3]);
    }

    [Fact]
    public async Task LatencyDelaysEveryRequest()
    {
        _server.Faults.Latency = TimeSpan.FromMilliseconds(300);
        var watch = Stopwatch.StartNew();
        Assert.Equal(HttpStatusCode.OK, (await _client.GetJsonAsync("/version")).Status);
        Assert.True(watch.Elapsed >= TimeSpan.FromMilliseconds(290), $"took {watch.Elapsed}");
        _server.Faults.Latency = TimeSpan.Zero;
    }

    [Fact]
    public async Task DelayRuleOnlySlowsMatchingRequests()
    {
        _server.Faults.Delay(TimeSpan.FromMilliseconds(300), times: 1, resource: "gateways");
        var watch = Stopwatch.StartNew();
        Assert.Equal(HttpStatusCode.OK, (await _client.GetJsonAsync(Gateways)).Status);
        Assert.True(watch.Elapsed >= TimeSpan.FromMilliseconds(290), $"took {watch.Elapsed}");
    }

    [Fact]
    public async Task AdminEndpointArmsFaultsOutOfProcess()
    {
        var armed = await _client.SendAsync(HttpMethod.Post, "/_test/faults", """{"kind":"Status","status":503,"times":1,"resource":"gateways"}""");
        Assert.Equal(HttpStatusCode.Created, armed.Status);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await _client.GetJsonAsync(Gateways)).Status);
        Assert.Equal(HttpStatusCode.OK, (await _client.GetJsonAsync(Gateways)).Status);
        var log = await _client.GetJsonAsync("/_test/requests");
        Assert.Contains(log.Body!.AsArray(), e => e.Str("path") == Gateways && e!["status"]!.GetValue<int>() == 503);
        var limited = _server.Users.AddTokenUser("nobody", "nobody-token", AccessPolicy.DenyAll());
        using var other = _server.CreateHttpClient(limited.Name);
        Assert.Equal(HttpStatusCode.Forbidden, (await other.SendAsync(HttpMethod.Delete, "/_test/faults")).Status);
    }

    [Fact]
    public void FaultSpecsParseFromTheCommandLine()
    {
        var rule = FaultRule.Parse("kind=TooManyRequests,times=3,retryAfter=7,verb=list,resource=gateways");
        Assert.Equal(FaultKind.TooManyRequests, rule.Kind);
        Assert.Equal(3, rule.Remaining);
        Assert.Equal(7, rule.RetryAfterSeconds);
        Assert.Equal("list", rule.Verb);
        Assert.Equal("gateways", rule.Resource);
    }
}
