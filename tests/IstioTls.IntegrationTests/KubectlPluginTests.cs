using IstioTls.IntegrationTests.Support;
using IstioTls.Tests.Support;

namespace IstioTls.IntegrationTests;

/// <summary>The CLI as a kubectl plugin, run by the real kubectl: found on PATH, invoked as
/// <c>kubectl istio-tls</c>, its exit code reaching the shell.</summary>
public sealed class KubectlPluginTests : IAsyncLifetime
{
    private LiveCluster _cluster = null!;
    private string _bin = null!;

    public async Task InitializeAsync()
    {
        _cluster = await LiveCluster.StartAsync(null, "examples/seed/error-1-two-gateways.yaml");
        _bin = Path.Combine(_cluster.Directory, "bin");
        Directory.CreateDirectory(_bin);
        File.CreateSymbolicLink(Path.Combine(_bin, "kubectl-istio_tls"), Repo.Cli);
    }

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    private CliResult Kubectl(params string[] args) => Processes.Run(Processes.Kubectl, args, new Dictionary<string, string?>
    {
        ["PATH"] = $"{_bin}:{Environment.GetEnvironmentVariable("PATH")}",
        ["HOME"] = _cluster.Directory,
        ["KUBECONFIG"] = _cluster.KubeconfigPath,
        ["NO_COLOR"] = "1",
    });

    [Fact]
    public void Kubectl_plugin_list_finds_it()
    {
        var result = Kubectl("plugin", "list");

        Assert.Contains(Path.Combine(_bin, "kubectl-istio_tls"), result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Kubectl_runs_it_and_its_exit_code_reaches_the_shell()
    {
        var findings = Kubectl("istio-tls", "check", "--context", "test");
        var clean = Kubectl("istio-tls", "check", "--context", "test", "--fail-on", "none");
        var usage = Kubectl("istio-tls", "check", "-o", "xml");

        Assert.Equal(1, findings.ExitCode);
        Assert.Contains("SharedCertificate", findings.Stdout, StringComparison.Ordinal);
        Assert.Equal(0, clean.ExitCode);
        Assert.Equal(2, usage.ExitCode);
        Assert.Equal("error: --output must be table, wide, name, json, yaml, sarif, github, jsonpath=TEMPLATE or jsonpath-file=FILE, not \"xml\"\n", usage.Stderr);
    }

    [Fact]
    public void Help_says_kubectl_istio_tls()
    {
        var result = Kubectl("istio-tls", "--help");

        Assert.Equal(0, result.ExitCode);
        Assert.StartsWith("Usage: kubectl istio-tls [command]", result.Stdout, StringComparison.Ordinal);
    }
}
