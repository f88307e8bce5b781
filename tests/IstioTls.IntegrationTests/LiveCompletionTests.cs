using IstioTls.IntegrationTests.Support;
using IstioTls.Tests.Support;

namespace IstioTls.IntegrationTests;

/// <summary>Shell completion that reads the cluster: <c>-n</c> offers its namespaces and
/// <c>merge --into</c> its Istio Gateways, from the context the command would use; a cluster
/// that cannot be read offers nothing, says nothing, and still exits 0.</summary>
public class LiveCompletionTests
{
    // The budget of a tab press (1.5 s) is short for a debug build on a loaded machine; the
    // typed --request-timeout replaces it, as it would for a user on a slow link.
    private const string Patient = "--request-timeout=30s";

    [Fact]
    public async Task Namespaces_after_n_come_from_the_cluster()
    {
        await using var cluster = await LiveCluster.StartAsync(null, "examples");

        var result = cluster.Run(["__complete", "--kubeconfig", cluster.KubeconfigPath, Patient, "check", "-n", ""]);

        Assert.Equal((0, ""), (result.ExitCode, result.Stderr));
        var lines = Lines(result.Stdout);
        Assert.Equal(":4", lines[^1]);
        Assert.Contains("istio-system", lines);
        Assert.Contains("shop", lines);
    }

    [Fact]
    public async Task Gateways_after_into_come_from_the_cluster_as_namespace_slash_name_with_their_servers()
    {
        await using var cluster = await LiveCluster.StartAsync(null, "examples");

        var result = cluster.Run(["__complete", "merge", "--kubeconfig", cluster.KubeconfigPath, Patient, "--into", ""]);

        Assert.Equal((0, ""), (result.ExitCode, result.Stderr));
        var lines = Lines(result.Stdout);
        Assert.Equal(":4", lines[^1]);
        var gateways = lines[..^1];
        Assert.NotEmpty(gateways);
        Assert.All(gateways, line => Assert.Matches(@"^[a-z0-9-]+/[a-z0-9.-]+\t\d+ servers?(, .+=.+)?$", line));
        Assert.Contains("shop/shop-web\t1 server, istio=shop-gateway", gateways);
        Assert.Contains("web/api\t1 server, istio=web-gateway", gateways);
    }

    [Fact]
    public async Task The_current_context_of_KUBECONFIG_is_read_and_a_prefix_narrows_the_namespaces()
    {
        await using var cluster = await LiveCluster.StartAsync(null, "examples");

        var result = cluster.Run(["__complete", "check", Patient, "-n", "istio"], new Dictionary<string, string?> { ["KUBECONFIG"] = cluster.KubeconfigPath });

        Assert.Equal("istio-merged\nistio-system\n:4\n", result.Stdout);
    }

    [Fact]
    public void An_unreachable_server_offers_nothing_says_nothing_and_exits_0()
    {
        var dir = Directory.CreateTempSubdirectory("completion-unreachable-").FullName;
        try
        {
            // 192.0.2.1 (TEST-NET-1) never answers: the read waits out its budget, not a TCP timeout.
            foreach (var server in new[] { "https://127.0.0.1:1", "https://192.0.2.1:6443" })
            {
                var config = Path.Combine(dir, "config");
                File.WriteAllText(config, $"apiVersion: v1\nkind: Config\ncurrent-context: c\ncontexts:\n- name: c\n  context: {{cluster: c, user: u}}\nclusters:\n- name: c\n  cluster: {{server: \"{server}\"}}\nusers:\n- name: u\n  user: {{token: t}}\n");

                foreach (string[] words in new[] { new[] { "check", "-n", "" }, ["merge", "--into", ""], ["-v", "9", "check", "--namespace="] })
                {
                    var result = Cli.Run(["__complete", "--kubeconfig", config, .. words], timeout: TimeSpan.FromSeconds(30));

                    Assert.Equal((0, ":4\n", ""), (result.ExitCode, result.Stdout, result.Stderr));
                }
            }
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private static string[] Lines(string output) => output.TrimEnd('\n').Split('\n');
}
