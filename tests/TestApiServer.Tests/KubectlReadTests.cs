using System.Text.Json.Nodes;

namespace IstioTls.TestApiServer.Tests;

/// <summary>The real kubectl 1.32 reads from the server exactly as from a cluster.</summary>
public sealed class KubectlReadTests(SeededServerFixture fixture) : IClassFixture<SeededServerFixture>
{
    Kubectl NewKubectl() => new(fixture.KubeconfigPath);

    [Fact]
    public async Task GetNamespacesPrintsATable()
    {
        using var kubectl = NewKubectl();
        var result = (await kubectl.RunAsync("get", "ns")).Ok();
        Assert.Matches(@"^NAME\s+STATUS\s+AGE$", result.Lines[0]);
        var names = result.Lines.Skip(1).Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries)[0]).ToList();
        Assert.Equal(["a", "b", "bus-system", "c", "istio-system"], names);
        Assert.All(result.Lines.Skip(1), l => Assert.Matches(@"\sActive\s+\d+[smhd]", l));
    }

    [Fact]
    public async Task GetGwAllNamespacesPicksIstioGateways()
    {
        using var kubectl = NewKubectl();
        var result = (await kubectl.RunAsync("get", "gw", "-A")).Ok();
        Assert.Matches(@"^NAMESPACE\s+NAME\s+AGE$", result.Lines[0]);
        var rows = result.Lines.Skip(1).Select(l => string.Join('/', l.Split(' ', StringSplitOptions.RemoveEmptyEntries)[..2])).ToList();
        // The Gateway API Gateway (short name gtw) must not show up under gw.
        Assert.Equal(["a/gw-a", "b/gw-b", "c/gw-c", "istio-system/default", "istio-system/default2"], rows);
    }

    [Fact]
    public async Task GetGtwPicksGatewayApiGateways()
    {
        using var kubectl = NewKubectl();
        var result = (await kubectl.RunAsync("get", "gtw", "-A", "-o", "name")).Ok();
        Assert.Equal(["gateway.gateway.networking.k8s.io/api-gw"], result.Lines);
    }

    [Theory]
    [InlineData("gw")]
    [InlineData("gateways.networking.istio.io")]
    [InlineData("gateway.networking.istio.io")]
    [InlineData("gateways.v1beta1.networking.istio.io")]
    public async Task GetAsJsonReturnsTheList(string resource)
    {
        using var kubectl = NewKubectl();
        var result = (await kubectl.RunAsync("get", resource, "-n", "istio-system", "-o", "json")).Ok();
        var list = JsonNode.Parse(result.StdOut)!.AsObject();
        var items = list["items"]!.AsArray();
        Assert.Equal(["default", "default2"], items.Select(i => i!["metadata"]!["name"]!.GetValue<string>()));
        var expectedVersion = resource.Contains("v1beta1", StringComparison.Ordinal) ? "networking.istio.io/v1beta1" : "networking.istio.io/v1";
        Assert.All(items, i => Assert.Equal(expectedVersion, i!["apiVersion"]!.GetValue<string>()));
        Assert.Equal("testhl", items[0]!["spec"]!["servers"]![0]!["tls"]!["credentialName"]!.GetValue<string>());
    }

    [Fact]
    public async Task GetOneAsYamlShowsTheSpec()
    {
        using var kubectl = NewKubectl();
        var result = (await kubectl.RunAsync("get", "gw", "-n", "istio-system", "default", "-o", "yaml")).Ok();
        Assert.Contains("apiVersion: networking.istio.io/v1", result.StdOut, StringComparison.Ordinal);
        Assert.Contains("kind: Gateway", result.StdOut, StringComparison.Ordinal);
        Assert.Contains("      credentialName: testhl", result.StdOut, StringComparison.Ordinal);
        Assert.Matches(@"resourceVersion: ""\d+""", result.StdOut);
        Assert.Matches(@"uid: [0-9a-f-]{36}", result.StdOut);
    }

    [Fact]
    public async Task JsonPathListsNames()
    {
        using var kubectl = NewKubectl();
        var result = (await kubectl.RunAsync("get", "gw", "-n", "istio-system", "-o", "jsonpath={.items[*].metadata.name}")).Ok();
        Assert.Equal("default default2", result.StdOut);
    }

    [Fact]
    public async Task SeveralTypesByName()
    {
        using var kubectl = NewKubectl();
        var result = (await kubectl.RunAsync("get", "vs,gw", "-A", "-o", "name")).Ok();
        Assert.Equal(
            [
                "virtualservice.networking.istio.io/asm1",
                "gateway.networking.istio.io/gw-a",
                "gateway.networking.istio.io/gw-b",
                "gateway.networking.istio.io/gw-c",
                "gateway.networking.istio.io/default",
                "gateway.networking.istio.io/default2",
            ],
            result.Lines);
    }

    [Fact]
    public async Task NotFoundLooksLikeTheRealServer()
    {
        using var kubectl = NewKubectl();
        var result = await kubectl.RunAsync("get", "gw", "-n", "istio-system", "missing");
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("Error from server (NotFound): gateways.networking.istio.io \"missing\" not found", result.StdErr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ApiResourcesListsEveryServedType()
    {
        using var kubectl = NewKubectl();
        var result = (await kubectl.RunAsync("api-resources", "--no-headers")).Ok();
        var rows = result.Lines.Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries)).ToList();
        string[] Row(string name, string apiVersion) => rows.Single(r => r[0] == name && r.Contains(apiVersion));
        Assert.Equal(["gateways", "gw", "networking.istio.io/v1", "true", "Gateway"], Row("gateways", "networking.istio.io/v1"));
        Assert.Equal(["gateways", "gtw", "gateway.networking.k8s.io/v1", "true", "Gateway"], Row("gateways", "gateway.networking.k8s.io/v1"));
        Assert.Equal(["virtualservices", "vs", "networking.istio.io/v1", "true", "VirtualService"], Row("virtualservices", "networking.istio.io/v1"));
        Assert.Equal(["envoyfilters", "networking.istio.io/v1", "true", "EnvoyFilter"], Row("envoyfilters", "networking.istio.io/v1"));
        Assert.Equal(["namespaces", "ns", "v1", "false", "Namespace"], Row("namespaces", "v1"));
        Assert.Equal(["deployments", "deploy", "apps/v1", "true", "Deployment"], Row("deployments", "apps/v1"));
        Assert.Equal(["gatewayclasses", "gc", "gateway.networking.k8s.io/v1", "false", "GatewayClass"], Row("gatewayclasses", "gateway.networking.k8s.io/v1"));
    }

    [Fact]
    public async Task ClientCertificateContextAuthenticatesAsCertAdmin()
    {
        using var kubectl = NewKubectl();
        var result = (await kubectl.RunAsync("--context", "test-cert", "get", "gw", "-n", "a", "-o", "name")).Ok();
        Assert.Equal(["gateway.networking.istio.io/gw-a"], result.Lines);
        Assert.Contains(fixture.Server.Requests.Entries, r => r.User == "cert-admin" && r.Resource == "gateways" && r.Namespace == "a" && r.StatusCode == 200);
    }

    [Theory]
    [InlineData("exec", "exec-user")]
    [InlineData("exec-beta", "exec-beta-user")]
    public async Task ExecCredentialPluginAuthenticates(string context, string user)
    {
        using var kubectl = NewKubectl();
        var result = (await kubectl.RunAsync("--context", context, "get", "gw", "-n", "b", "-o", "name")).Ok();
        Assert.Equal(["gateway.networking.istio.io/gw-b"], result.Lines);
        Assert.Contains(fixture.Server.Requests.Entries, r => r.User == user && r.Resource == "gateways" && r.Namespace == "b" && r.StatusCode == 200);
    }

    [Theory]
    [InlineData(new[] { "get", "pods", "-A" }, "pods is forbidden: User \"limited\" cannot list resource \"pods\" in API group \"\" at the cluster scope")]
    [InlineData(new[] { "get", "gw", "-A" }, "gateways.networking.istio.io is forbidden: User \"limited\" cannot list resource \"gateways\" in API group \"networking.istio.io\" at the cluster scope")]
    [InlineData(new[] { "get", "gw", "-n", "c" }, "gateways.networking.istio.io is forbidden: User \"limited\" cannot list resource \"gateways\" in API group \"networking.istio.io\" in the namespace \"c\"")]
    [InlineData(new[] { "get", "secret", "s", "-n", "a" }, "secrets \"s\" is forbidden: User \"limited\" cannot get resource \"secrets\" in API group \"\" in the namespace \"a\"")]
    public async Task LimitedUserIsForbidden(string[] args, string message)
    {
        using var kubectl = NewKubectl();
        var result = await kubectl.RunAsync(["--context", "limited", .. args]);
        Assert.Equal(1, result.ExitCode);
        Assert.Equal($"Error from server (Forbidden): {message}", result.StdErr.Trim());
    }

    [Theory]
    [InlineData("a", "gw-a")]
    [InlineData("b", "gw-b")]
    public async Task LimitedUserMayListItsNamespaces(string ns, string gateway)
    {
        using var kubectl = NewKubectl();
        var result = (await kubectl.RunAsync("--context", "limited", "get", "gw", "-n", ns, "-o", "jsonpath={.items[*].metadata.name}")).Ok();
        Assert.Equal(gateway, result.StdOut);
    }

    [Fact]
    public async Task SeedScriptRunsUnchanged()
    {
        Assert.True(File.Exists("/usr/bin/jq") || File.Exists("/usr/local/bin/jq"), "the seed script needs jq: apt-get install -y jq");
        using var kubectl = NewKubectl();
        var result = (await kubectl.RunProgramAsync("bash", SeedScript.Path)).Ok();
        var lines = result.StdOut.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0).ToList();
        Assert.Equal("begin to check gw", lines[0]);
        Assert.Contains("first get secret name testhl the gw is default istio-system", lines);
        Assert.Contains("\u001b[31m cred already exist in other gw resource ,please must merge hosts in the  gw resource  default~istio-system ,and delete this gw!  \u001b[0m", lines);
        Assert.Contains("\u001b[31m invalid gw name namespace: default2 ,  istio-system \u001b[0m", lines);
        Assert.Contains("Hosts: asm1.test.com", lines);
        // gw-a, gw-b and gw-c share "cert": the first is reported as first, the others as duplicates.
        Assert.Contains("first get secret name cert the gw is gw-a a", lines);
        Assert.Contains("\u001b[31m invalid gw name namespace: gw-c ,  c \u001b[0m", lines);
        Assert.Empty(result.StdErr);
    }
}
