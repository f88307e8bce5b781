using System.Text.RegularExpressions;
using IstioTls.IntegrationTests.Support;
using IstioTls.Tests.Support;

namespace IstioTls.IntegrationTests;

/// <summary>
/// kubectl's connection flags (<c>-s</c>, <c>--token</c>, <c>--certificate-authority</c>, ...)
/// as plugins receive them: each row runs the real kubectl and this tool with the same flags
/// against the same server, and both must succeed or fail alike, as the same users.
/// </summary>
public sealed partial class ConnectionFlagsTests : IAsyncLifetime
{
    private LiveCluster _cluster = null!;

    public async Task InitializeAsync()
    {
        _cluster = await LiveCluster.StartAsync(null, "examples/seed/error-1-two-gateways.yaml");
        _cluster.Server.Users.AddTokenUser("bob", "bob-token");
        var certificate = _cluster.Server.Users["cert-admin"]!.ClientCertificate!;
        File.WriteAllText(Path.Combine(_cluster.Directory, "ca.crt"), _cluster.Server.ServerCa.CertificatePem);
        File.WriteAllText(Path.Combine(_cluster.Directory, "client.crt"), certificate.CertificatePem);
        File.WriteAllText(Path.Combine(_cluster.Directory, "client.key"), certificate.KeyPem);
    }

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    public static TheoryData<string, string[], bool, string[]> Rows => new()
    {
        // name, flags ({dir} is the test's directory, {port} the server's), succeeds, users seen
        { "token replaces the context's token", ["--token", "bob-token"], true, ["bob"] },
        { "a client certificate wins over --token, as the server authenticates it first", ["--context", "test-cert", "--token", "bob-token"], true, ["cert-admin"] },
        { "a bad token is the server's 401", ["--token", "wrong"], false, ["system:anonymous"] },
        { "server by another name of the host", ["-s", "https://localhost:{port}"], true, ["admin"] },
        { "tls-server-name the certificate does not cover", ["-s", "https://localhost:{port}", "--tls-server-name", "elsewhere.example"], false, [] },
        { "tls-server-name the certificate covers", ["--server=https://127.0.0.1:{port}", "--tls-server-name=localhost"], true, ["admin"] },
        { "certificate-authority replaces the kubeconfig's CA", ["--certificate-authority", "{dir}/ca.crt"], true, ["admin"] },
        { "certificate-authority that did not sign the server", ["--certificate-authority", "{dir}/client.crt"], false, [] },
        { "insecure with a CA file is refused", ["--insecure-skip-tls-verify", "--certificate-authority", "{dir}/ca.crt"], false, [] },
        { "client certificate and key files", ["--client-certificate", "{dir}/client.crt", "--client-key", "{dir}/client.key"], true, ["cert-admin"] },
        { "client certificate file over the kubeconfig's certificate data is refused", ["--context", "test-cert", "--client-certificate", "{dir}/client.crt", "--client-key", "{dir}/client.key"], false, [] },
        { "a client certificate without its key is refused", ["--client-certificate", "{dir}/client.crt"], false, [] },
        { "impersonation with groups and a UID", ["--as", "bob", "--as-group", "team", "--as-group=ops", "--as-uid", "1234"], true, ["bob"] },
        { "groups without a user to impersonate are refused", ["--as-group", "team"], false, [] },
        { "cache-dir is accepted", ["--cache-dir", "{dir}/cache"], true, ["admin"] },
    };

    [Theory]
    [MemberData(nameof(Rows))]
    public void Kubectl_and_the_plugin_agree(string name, string[] flags, bool succeeds, string[] users)
    {
        var args = flags.Select(f => f.Replace("{dir}", _cluster.Directory, StringComparison.Ordinal).Replace("{port}", _cluster.Server.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal)).ToArray();

        _cluster.Server.Requests.Clear();
        var kubectl = Processes.Run(Processes.Kubectl, ["get", "gateways.networking.istio.io", "-A", .. args], Environment());
        var kubectlUsers = UsersSeen();
        _cluster.Server.Requests.Clear();
        var plugin = _cluster.Run(["check", "-o", "json", .. args], Environment());
        var pluginUsers = UsersSeen();

        Assert.True(succeeds == (kubectl.ExitCode == 0), $"{name}: kubectl exited {kubectl.ExitCode}: {kubectl.Stderr}");
        Assert.True(succeeds == (plugin.ExitCode == 1), $"{name}: the plugin exited {plugin.ExitCode}: {plugin.Stderr}");
        Assert.Equal(users, kubectlUsers);
        Assert.Equal(users, pluginUsers);
        if (!succeeds)
        {
            Assert.Single(plugin.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        }
    }

    [Fact]
    public void Server_and_token_work_without_any_kubeconfig()
    {
        string[] flags = ["-s", _cluster.Server.BaseAddress.ToString(), "--token", "bob-token", "--insecure-skip-tls-verify"];
        var environment = new Dictionary<string, string?> { ["HOME"] = Path.Combine(_cluster.Directory, "empty-home"), ["KUBECONFIG"] = null };

        var kubectl = Processes.Run(Processes.Kubectl, ["get", "gateways.networking.istio.io", "-A", .. flags], environment);
        var plugin = _cluster.Run(["check", .. flags, "-o", "json"], environment);
        var withoutServer = _cluster.Run(["check", "--token", "bob-token"], environment);

        Assert.Equal(0, kubectl.ExitCode);
        Assert.True(plugin.ExitCode == 1, plugin.Stderr);
        Assert.Contains($"\"context\": \"{_cluster.Server.BaseAddress}\"", plugin.Stdout, StringComparison.Ordinal);
        Assert.Equal(2, withoutServer.ExitCode);
        Assert.StartsWith("error: no kubeconfig found", withoutServer.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Impersonation_headers_are_the_ones_kubectl_sends()
    {
        string[] flags = ["--as", "bob", "--as-group", "team", "--as-group", "ops", "--as-uid", "1234", "-v", "8"];

        var kubectl = Processes.Run(Processes.Kubectl, ["get", "gateways.networking.istio.io", "-A", .. flags], Environment());
        var plugin = _cluster.Run(["check", .. flags, "-o", "json"], Environment());

        Assert.Equal(["Impersonate-Group: ops", "Impersonate-Group: team", "Impersonate-Uid: 1234", "Impersonate-User: bob"], ImpersonationHeaders(kubectl.Stderr));
        Assert.Equal(ImpersonationHeaders(kubectl.Stderr), ImpersonationHeaders(plugin.Stderr));
    }

    [Fact]
    public void Verbosity_6_logs_one_line_per_request_as_kubectl_does()
    {
        var plugin = _cluster.Run(["check", "-v=6", "-o", "json"], Environment());
        var kubectl = Processes.Run(Processes.Kubectl, ["get", "gateways.networking.istio.io", "-A", "-v=6"], Environment());

        var requests = plugin.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.NotEmpty(requests);
        Assert.All(requests, line => Assert.Matches(RequestLine(), line));
        Assert.Contains(requests, line => line.Contains($" GET {_cluster.Server.BaseAddress}apis/networking.istio.io/v1/gateways?limit=500 200 OK in ", StringComparison.Ordinal));
        // kubectl's line has the same shape after its file:line.
        Assert.Contains(kubectl.Stderr.Split('\n'), line => RequestLine().IsMatch(line.Replace("round_trippers.go:560]", "istio-tls]", StringComparison.Ordinal)));
    }

    [Fact]
    public void Verbosity_8_logs_headers_with_the_credentials_masked()
    {
        var plugin = _cluster.Run(["check", "--v", "8", "-o", "json"], Environment());

        Assert.Contains("    Authorization: Bearer <masked>\n", plugin.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("admin-token", plugin.Stderr, StringComparison.Ordinal);
        Assert.Contains("] Response Status: 200 OK in ", plugin.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Verbosity_below_6_logs_nothing()
    {
        var plugin = _cluster.Run(["check", "-v5", "-o", "json"], Environment());

        Assert.Equal(1, plugin.ExitCode);
        Assert.Equal("", plugin.Stderr);
    }

    private Dictionary<string, string?> Environment() => new()
    {
        ["HOME"] = _cluster.Directory,
        ["KUBECONFIG"] = _cluster.KubeconfigPath,
        ["NO_COLOR"] = "1",
    };

    private string[] UsersSeen() =>
        [.. _cluster.Server.Requests.Entries.Where(r => r.Resource is not null || r.StatusCode == 401).Select(r => r.User).Distinct().Order(StringComparer.Ordinal)];

    private static string[] ImpersonationHeaders(string stderr) =>
        [.. stderr.Split('\n').Select(l => ImpersonationHeader().Match(l)).Where(m => m.Success).Select(m => m.Value).Distinct().Order(StringComparer.Ordinal)];

    [GeneratedRegex(@"Impersonate-[A-Za-z]+: \S+$")]
    private static partial Regex ImpersonationHeader();

    [GeneratedRegex(@"^I\d{4} \d{2}:\d{2}:\d{2}\.\d{6} +\d+ istio-tls\] (GET|POST|PUT|PATCH|DELETE) https://\S+ \d{3} [A-Za-z ]+ in \d+ milliseconds$")]
    private static partial Regex RequestLine();
}
