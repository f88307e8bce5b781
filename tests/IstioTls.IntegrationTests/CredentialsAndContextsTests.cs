using System.Text.Json.Nodes;
using IstioTls.IntegrationTests.Support;

namespace IstioTls.IntegrationTests;

/// <summary>Every way a kubeconfig authenticates, and several contexts at once.</summary>
public class CredentialsAndContextsTests
{
    private const string Seed = "examples/seed/error-1-two-gateways.yaml";

    [Fact]
    public async Task A_client_certificate_user_is_accepted()
    {
        await using var cluster = await LiveCluster.StartAsync(null, Seed);

        var result = cluster.Check("--context", "test-cert", "-o", "json");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains(cluster.Server.Requests.Entries, r => r.User == "cert-admin" && r.Resource == "gateways" && r.StatusCode == 200);
    }

    [Theory]
    [InlineData("client.authentication.k8s.io/v1")]
    [InlineData("client.authentication.k8s.io/v1beta1")]
    public async Task An_exec_credential_plugin_provides_the_token(string apiVersion)
    {
        await using var cluster = await LiveCluster.StartAsync(null, Seed);
        cluster.Server.Users.AddTokenUser("exec-user", "token-from-plugin");
        var plugin = Path.Combine(cluster.Directory, "credential-plugin.sh");
        File.WriteAllText(plugin, $$$"""
            #!/bin/sh
            echo '{"apiVersion":"{{{apiVersion}}}","kind":"ExecCredential","status":{"token":"token-from-plugin"}}'
            """);
        File.SetUnixFileMode(plugin, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        cluster.Server.Kubeconfig.AddExecContext("eks-like", "exec-user", plugin, apiVersion: apiVersion);
        cluster.WriteKubeconfig();

        var result = cluster.Check("--context", "eks-like", "-o", "json");

        Assert.True(result.ExitCode == 1, result.Stderr);
        Assert.Contains(cluster.Server.Requests.Entries, r => r.User == "exec-user" && r.Resource == "gateways" && r.StatusCode == 200);
    }

    [Fact]
    public async Task A_failing_exec_plugin_is_one_line()
    {
        await using var cluster = await LiveCluster.StartAsync(null, Seed);
        cluster.Server.Kubeconfig.AddExecContext("broken", "nobody", "/nonexistent/aws-iam-authenticator");
        cluster.WriteKubeconfig();

        var result = cluster.Check("--context", "broken");

        Assert.Equal(2, result.ExitCode);
        var line = Assert.Single(result.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("error: context \"broken\": ", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Impersonation_runs_the_check_as_another_user()
    {
        await using var cluster = await LiveCluster.StartAsync(null, Seed);
        cluster.Server.Users.AddTokenUser("auditor", "auditor-token", TestApiServer.AccessPolicy.DenyAll()
            .Allow("list", "networking.istio.io", "gateways,virtualservices,envoyfilters")
            .Allow("list", "", "pods"));

        var result = cluster.Check("--as", "auditor", "-o", "json");

        Assert.True(result.ExitCode == 1, result.Stderr);
        Assert.All(cluster.Server.Requests.Entries.Where(r => r.Resource is not null), r => Assert.Equal("auditor", r.User));
    }

    [Fact]
    public async Task Impersonating_a_user_without_rights_is_the_servers_403()
    {
        await using var cluster = await LiveCluster.StartAsync(null, Seed);

        var result = cluster.Check("--as", "nobody-at-all");

        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith("error: context \"test\": forbidden (403): ", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task All_contexts_are_checked_concurrently_and_each_finding_names_its_context()
    {
        await using var broken = await LiveCluster.StartAsync(null, Seed);
        await using var fine = await LiveCluster.StartAsync(null, "examples/seed/merged.yaml");
        var kubeconfigs = MergedKubeconfig(broken, fine);

        var result = broken.Run(["check", "--all-contexts", "-o", "json"], new Dictionary<string, string?> { ["KUBECONFIG"] = kubeconfigs });

        Assert.Equal(1, result.ExitCode);
        var document = JsonNode.Parse(result.Stdout)!;
        // Each file also has a client-certificate context; the second file's one loses to the first's.
        Assert.Equal(["broken", "test-cert", "fine"], document["summary"]!["contexts"]!.AsArray().Select(c => (string)c!));
        Assert.Equal(["broken", "test-cert"], document["findings"]!.AsArray().Select(f => (string)f!["context"]!));
    }

    [Fact]
    public async Task A_context_that_fails_is_an_error_and_the_others_are_still_reported()
    {
        await using var broken = await LiveCluster.StartAsync(null, Seed);
        await using var down = await LiveCluster.StartAsync(o => o.IstioVersions = []);
        var kubeconfigs = MergedKubeconfig(broken, down);

        var result = broken.Run(["check", "--contexts", "broken", "--contexts=fine", "-o", "json"], new Dictionary<string, string?> { ["KUBECONFIG"] = kubeconfigs });

        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith("error: context \"fine\": Istio is not installed", result.Stderr, StringComparison.Ordinal);
        var document = JsonNode.Parse(result.Stdout)!;
        Assert.Single(document["findings"]!.AsArray());
        Assert.Single(document["errors"]!.AsArray());
        Assert.True((bool)document["summary"]!["partial"]!);
        // Counted as failed, never as checked.
        Assert.Equal(["broken"], document["summary"]!["contexts"]!.AsArray().Select(c => (string)c!));
        Assert.Equal(["fine"], document["summary"]!["failedContexts"]!.AsArray().Select(c => (string)c!));
    }

    [Fact]
    public async Task A_context_name_the_kubeconfig_lacks_fails_alone()
    {
        await using var broken = await LiveCluster.StartAsync(null, Seed);

        var json = broken.Check("--contexts", "test,nope", "-o", "json");
        var table = broken.Check("--contexts", "test,nope");

        Assert.Equal(2, json.ExitCode);
        Assert.Equal($"error: context \"nope\" not found in {broken.KubeconfigPath}\n", json.Stderr);
        var document = JsonNode.Parse(json.Stdout)!;
        Assert.Single(document["findings"]!.AsArray());
        Assert.Equal(["test"], document["summary"]!["contexts"]!.AsArray().Select(c => (string)c!));
        Assert.Equal(["nope"], document["summary"]!["failedContexts"]!.AsArray().Select(c => (string)c!));
        Assert.Contains("in 1 context. Not checked: 1 context could not be read (nope).\n", table.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Contexts_of_one_server_user_and_namespace_are_read_once_and_all_named()
    {
        await using var cluster = await LiveCluster.StartAsync(null, Seed);
        // "alias" is "test" again (same server, user admin, no namespace); "test-cert" is another
        // user (RBAC may show it other objects), "scoped" another namespace: both are read apart.
        cluster.Server.Kubeconfig.AddUserContext("alias", cluster.Server.Users["admin"]!);
        cluster.Server.Kubeconfig.AddUserContext("scoped", cluster.Server.Users["admin"]!, "istio-system");
        cluster.WriteKubeconfig();
        cluster.Server.Requests.Clear();

        var json = cluster.Check("--contexts", "test,test-cert,alias,scoped", "-o", "json");
        var gatewayLists = cluster.Server.Requests.Entries.Count(r => r.Verb == "list" && r.Path == "/apis/networking.istio.io/v1/gateways");
        var table = cluster.Check("--contexts", "test,alias");

        Assert.Equal(1, json.ExitCode);
        Assert.Equal(3, gatewayLists);
        var document = JsonNode.Parse(json.Stdout)!;
        Assert.Equal(["test", "alias", "test-cert", "scoped"], document["summary"]!["contexts"]!.AsArray().Select(c => (string)c!));
        Assert.Equal("[[\"test\",\"alias\"]]", document["summary"]!["readOnce"]!.ToJsonString());
        var findings = document["findings"]!.AsArray();
        Assert.Equal(["test", "test-cert", "scoped"], findings.Select(f => (string)f!["context"]!));
        Assert.Equal("[\"alias\"]", findings[0]!["sameAs"]!.ToJsonString());
        Assert.Null(findings[1]!["sameAs"]);
        Assert.Contains("context test (same as alias)", table.Stdout, StringComparison.Ordinal);
        Assert.Contains("in 2 contexts (test and alias name one server, user and namespace: read once).\n", table.Stdout, StringComparison.Ordinal);
    }

    /// <summary>Two kubeconfig files in KUBECONFIG, with contexts "broken" and "fine", each
    /// pointing at its own server: the list merges as kubectl merges it.</summary>
    private static string MergedKubeconfig(LiveCluster first, LiveCluster second)
    {
        string Rename(LiveCluster cluster, string context)
        {
            var path = Path.Combine(cluster.Directory, $"{context}.kubeconfig");
            var yaml = File.ReadAllText(cluster.KubeconfigPath)
                .Replace("name: test\n", $"name: {context}\n", StringComparison.Ordinal)
                .Replace("cluster: test\n", $"cluster: {context}\n", StringComparison.Ordinal)
                .Replace("current-context: test", $"current-context: {context}", StringComparison.Ordinal);
            File.WriteAllText(path, yaml);
            return path;
        }
        return $"{Rename(first, "broken")}:{Rename(second, "fine")}";
    }
}
