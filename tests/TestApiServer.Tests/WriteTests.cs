using System.Net;
using System.Text.Json.Nodes;

namespace IstioTls.TestApiServer.Tests;

/// <summary>Create, update, patch, apply and delete over HTTP, with the real server's errors.</summary>
public sealed class WriteTests : IAsyncLifetime
{
    const string Ns = "/apis/networking.istio.io/v1/namespaces/w/gateways";

    TestApiServer _server = null!;
    HttpClient _client = null!;

    public async Task InitializeAsync()
    {
        var options = new TestApiServerOptions();
        options.SeedObjects.Add(Seeds.Gateway("w", "existing", labels: new Dictionary<string, string> { ["app"] = "x" }));
        _server = await TestApiServer.StartAsync(options);
        _client = _server.CreateHttpClient();
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _server.DisposeAsync();
    }

    static string Body(JsonObject o) => o.ToJsonString();

    [Fact]
    public async Task CreateThenCreateAgainIsAlreadyExists()
    {
        var created = await _client.SendAsync(HttpMethod.Post, Ns, Body(Seeds.Gateway("w", "new")));
        Assert.Equal(HttpStatusCode.Created, created.Status);
        Assert.Equal("1", created.Body!["metadata"]!["generation"]!.ToJsonString());
        Assert.Matches("^[0-9a-f-]{36}$", created.Body.Str("metadata.uid"));
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$", created.Body.Str("metadata.creationTimestamp"));

        var again = await _client.SendAsync(HttpMethod.Post, Ns, Body(Seeds.Gateway("w", "new")));
        Assert.Equal(HttpStatusCode.Conflict, again.Status);
        Assert.Equal(
            """{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"gateways.networking.istio.io \"new\" already exists","reason":"AlreadyExists","details":{"name":"new","group":"networking.istio.io","kind":"gateways"},"code":409}""",
            again.Text);
    }

    [Fact]
    public async Task GetMissingIsNotFoundExactly()
    {
        var missing = await _client.GetJsonAsync($"{Ns}/x");
        Assert.Equal(
            """{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"gateways.networking.istio.io \"x\" not found","reason":"NotFound","details":{"name":"x","group":"networking.istio.io","kind":"gateways"},"code":404}""",
            missing.Text);
        var core = await _client.GetJsonAsync("/api/v1/namespaces/w/pods/p");
        Assert.Equal("pods \"p\" not found", core.Body.Str("message"));
        Assert.Null(core.Body!["details"]!["group"]);
    }

    [Fact]
    public async Task UnknownPathsAndUnauthenticatedCalls()
    {
        var unknown = await _client.GetJsonAsync("/apis/networking.istio.io/v2/gateways");
        Assert.Equal(HttpStatusCode.NotFound, unknown.Status);
        Assert.Equal("the server could not find the requested resource", unknown.Body.Str("message"));

        using var anonymous = _server.CreateHttpClient();
        anonymous.DefaultRequestHeaders.Authorization = null;
        var denied = await anonymous.GetJsonAsync("/api/v1/namespaces");
        Assert.Equal(
            """{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"Unauthorized","reason":"Unauthorized","code":401}""",
            denied.Text);
        anonymous.DefaultRequestHeaders.Authorization = new("Bearer", "wrong");
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetJsonAsync("/version")).Status);
    }

    [Fact]
    public async Task UpdateWithAStaleResourceVersionIsAConflict()
    {
        var current = (await _client.GetJsonAsync($"{Ns}/existing")).Object;
        var stale = (JsonObject)current.DeepClone();
        current["spec"]!["selector"]!["istio"] = "other";
        var updated = await _client.SendAsync(HttpMethod.Put, $"{Ns}/existing", Body(current));
        Assert.Equal(HttpStatusCode.OK, updated.Status);
        Assert.NotEqual(current.Str("metadata.resourceVersion"), updated.Body.Str("metadata.resourceVersion"));
        Assert.Equal("2", updated.Body!["metadata"]!["generation"]!.ToJsonString());

        stale["spec"]!["selector"]!["istio"] = "third";
        var conflict = await _client.SendAsync(HttpMethod.Put, $"{Ns}/existing", Body(stale));
        Assert.Equal(
            """{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"Operation cannot be fulfilled on gateways.networking.istio.io \"existing\": the object has been modified; please apply your changes to the latest version and try again","reason":"Conflict","details":{"name":"existing","group":"networking.istio.io","kind":"gateways"},"code":409}""",
            conflict.Text);
    }

    [Fact]
    public async Task UpdateThatChangesNothingKeepsTheResourceVersion()
    {
        var current = (await _client.GetJsonAsync($"{Ns}/existing")).Object;
        var same = await _client.SendAsync(HttpMethod.Put, $"{Ns}/existing", Body(current));
        Assert.Equal(current.Str("metadata.resourceVersion"), same.Body.Str("metadata.resourceVersion"));
    }

    [Theory]
    [InlineData("application/merge-patch+json", """{"metadata":{"labels":{"env":"prod"}}}""", false)]
    [InlineData("application/merge-patch+json", """{"spec":{"selector":{"istio":"eastwest"}}}""", true)]
    [InlineData("application/strategic-merge-patch+json", """{"spec":{"selector":{"istio":"eastwest"}},"$setElementOrder/x":[]}""", true)]
    [InlineData("application/json-patch+json", """[{"op":"replace","path":"/spec/selector/istio","value":"eastwest"}]""", true)]
    [InlineData("application/json-patch+json", """[{"op":"add","path":"/metadata/labels/env","value":"prod"}]""", false)]
    public async Task PatchesBumpGenerationOnlyForSpecChanges(string contentType, string patch, bool specChange)
    {
        var before = (await _client.GetJsonAsync($"{Ns}/existing")).Object;
        var patched = await _client.SendAsync(HttpMethod.Patch, $"{Ns}/existing", patch, contentType);
        Assert.Equal(HttpStatusCode.OK, patched.Status);
        Assert.NotEqual(before.Str("metadata.resourceVersion"), patched.Body.Str("metadata.resourceVersion"));
        Assert.Equal(specChange ? "2" : "1", patched.Body!["metadata"]!["generation"]!.ToJsonString());
        if (specChange)
        {
            Assert.Equal("eastwest", patched.Body.Str("spec.selector.istio"));
        }
        else
        {
            Assert.Equal("prod", patched.Body.Str("metadata.labels.env"));
        }
        Assert.Equal("x", patched.Body.Str("metadata.labels.app"));
    }

    [Fact]
    public async Task MergePatchNullRemovesAField()
    {
        var patched = await _client.SendAsync(HttpMethod.Patch, $"{Ns}/existing", """{"metadata":{"labels":{"app":null}}}""", "application/merge-patch+json");
        Assert.Null(patched.Body!["metadata"]!["labels"]!["app"]);
        var missing = await _client.SendAsync(HttpMethod.Patch, $"{Ns}/nope", "{}", "application/merge-patch+json");
        Assert.Equal(HttpStatusCode.NotFound, missing.Status);
    }

    [Fact]
    public async Task ServerSideApplyCreatesIsIdempotentAndReportsConflicts()
    {
        var config = """
            apiVersion: networking.istio.io/v1
            kind: Gateway
            metadata:
              name: applied
              namespace: w
            spec:
              selector:
                istio: ingressgateway
            """;
        var first = await _client.SendAsync(HttpMethod.Patch, $"{Ns}/applied?fieldManager=tool-a", config, "application/apply-patch+yaml");
        Assert.Equal(HttpStatusCode.Created, first.Status);
        var second = await _client.SendAsync(HttpMethod.Patch, $"{Ns}/applied?fieldManager=tool-a", config, "application/apply-patch+yaml");
        Assert.Equal(HttpStatusCode.OK, second.Status);
        Assert.Equal(first.Body.Str("metadata.resourceVersion"), second.Body.Str("metadata.resourceVersion"));

        var other = config.Replace("ingressgateway", "eastwest", StringComparison.Ordinal);
        var conflict = await _client.SendAsync(HttpMethod.Patch, $"{Ns}/applied?fieldManager=tool-b", other, "application/apply-patch+yaml");
        Assert.Equal(HttpStatusCode.Conflict, conflict.Status);
        Assert.Equal("Apply failed with 1 conflict: conflict with \"tool-a\" using networking.istio.io/v1: .spec.selector.istio", conflict.Body.Str("message"));

        var forced = await _client.SendAsync(HttpMethod.Patch, $"{Ns}/applied?fieldManager=tool-b&force=true", other, "application/apply-patch+yaml");
        Assert.Equal(HttpStatusCode.OK, forced.Status);
        Assert.Equal("eastwest", forced.Body.Str("spec.selector.istio"));

        var noManager = await _client.SendAsync(HttpMethod.Patch, $"{Ns}/applied", config, "application/apply-patch+yaml");
        Assert.Equal(HttpStatusCode.BadRequest, noManager.Status);
    }

    [Fact]
    public async Task ApplyDropsFieldsItNoLongerManages()
    {
        const string withLabel = """{"apiVersion":"networking.istio.io/v1","kind":"Gateway","metadata":{"name":"g","labels":{"a":"1","b":"2"}},"spec":{"selector":{"istio":"x"}}}""";
        const string withoutB = """{"apiVersion":"networking.istio.io/v1","kind":"Gateway","metadata":{"name":"g","labels":{"a":"1"}},"spec":{"selector":{"istio":"x"}}}""";
        await _client.SendAsync(HttpMethod.Patch, $"{Ns}/g?fieldManager=m", withLabel, "application/apply-patch+yaml");
        var after = await _client.SendAsync(HttpMethod.Patch, $"{Ns}/g?fieldManager=m", withoutB, "application/apply-patch+yaml");
        Assert.Equal("1", after.Body.Str("metadata.labels.a"));
        Assert.Null(after.Body!["metadata"]!["labels"]!["b"]);
    }

    [Fact]
    public async Task DeletePreconditionsAreChecked()
    {
        var current = (await _client.GetJsonAsync($"{Ns}/existing")).Object;
        var uid = current.Str("metadata.uid");
        var rv = current.Str("metadata.resourceVersion");

        var wrongUid = await _client.SendAsync(HttpMethod.Delete, $"{Ns}/existing", """{"kind":"DeleteOptions","apiVersion":"v1","preconditions":{"uid":"other"}}""");
        Assert.Equal(HttpStatusCode.Conflict, wrongUid.Status);
        Assert.Equal($"Operation cannot be fulfilled on gateways.networking.istio.io \"existing\": Precondition failed: UID in precondition: other, UID in object meta: {uid}", wrongUid.Body.Str("message"));

        var wrongRv = await _client.SendAsync(HttpMethod.Delete, $"{Ns}/existing", """{"preconditions":{"resourceVersion":"1"}}""");
        Assert.Equal(HttpStatusCode.Conflict, wrongRv.Status);
        Assert.Equal($"Operation cannot be fulfilled on gateways.networking.istio.io \"existing\": Precondition failed: ResourceVersion in precondition: 1, ResourceVersion in object meta: {rv}", wrongRv.Body.Str("message"));

        var deleted = await _client.SendAsync(HttpMethod.Delete, $"{Ns}/existing", $$$"""{"preconditions":{"uid":"{{{uid}}}","resourceVersion":"{{{rv}}}"}}""");
        Assert.Equal(HttpStatusCode.OK, deleted.Status);
        Assert.Equal("Success", deleted.Body.Str("status"));
        Assert.Equal(uid, deleted.Body.Str("details.uid"));
        Assert.Null(_server.Store.Get("networking.istio.io", "gateways", "w", "existing"));
    }

    [Fact]
    public async Task DeletingABuiltInReturnsTheObject()
    {
        _server.Store.Put(JsonNode.Parse("""{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"cm","namespace":"w"},"data":{"k":"v"}}""")!.AsObject());
        var deleted = await _client.SendAsync(HttpMethod.Delete, "/api/v1/namespaces/w/configmaps/cm");
        Assert.Equal("ConfigMap", deleted.Body.Str("kind"));
        Assert.Equal("v", deleted.Body.Str("data.k"));
    }

    [Fact]
    public async Task CreatingInAMissingNamespaceCreatesIt()
    {
        var created = await _client.SendAsync(HttpMethod.Post, "/apis/networking.istio.io/v1/namespaces/fresh/gateways", Body(Seeds.Gateway("fresh", "g")));
        Assert.Equal(HttpStatusCode.Created, created.Status);
        var ns = _server.Store.Get("", "namespaces", null, "fresh")!;
        Assert.Equal("fresh", ns["metadata"]!["labels"]!["kubernetes.io/metadata.name"]!.GetValue<string>());
    }

    [Fact]
    public async Task ConcurrentReadersAndWritersAllSucceed()
    {
        var writes = Enumerable.Range(0, 40).Select(i => _client.SendAsync(HttpMethod.Post, Ns, Body(Seeds.Gateway("w", $"c-{i:D2}"))));
        var reads = Enumerable.Range(0, 40).Select(_ => _client.GetJsonAsync($"{Ns}?limit=7"));
        var results = await Task.WhenAll(writes.Concat(reads));
        Assert.All(results, r => Assert.True(r.Code is 200 or 201, r.Body?.ToJsonString()));
        Assert.Equal(41, _server.Store.Count("networking.istio.io", "gateways", "w"));
        var rvs = results.Take(40).Select(r => long.Parse(r.Body.Str("metadata.resourceVersion"), System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(40, rvs.Distinct().Count());
    }

    [Fact]
    public async Task RequestLogRecordsCallsAndClears()
    {
        _server.Requests.Clear();
        await _client.GetJsonAsync($"{Ns}?limit=1");
        await _client.GetJsonAsync($"{Ns}/existing");
        var entries = _server.Requests.Entries;
        Assert.Equal(2, entries.Count);
        Assert.Equal(("GET", Ns, "limit=1", "admin", 200, "list"), (entries[0].Method, entries[0].Path, entries[0].Query, entries[0].User, entries[0].StatusCode, entries[0].Verb));
        Assert.Equal(("get", "existing", "w"), (entries[1].Verb, entries[1].Name, entries[1].Namespace));
        Assert.Single(_server.Requests.Matching("list", "gateways"));
        _server.Requests.Clear();
        Assert.Empty(_server.Requests.Entries);
    }
}
