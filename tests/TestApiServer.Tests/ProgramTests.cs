using System.Diagnostics;

namespace IstioTls.TestApiServer.Tests;

/// <summary>The server as a standalone program: ready line, kubeconfig, clean exit on SIGTERM.</summary>
public sealed class ProgramTests
{
    static ProcessStartInfo Server(params string[] args)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "IstioTls.TestApiServer.dll");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(dll);
        foreach (var a in args)
        {
            start.ArgumentList.Add(a);
        }
        return start;
    }

    [Fact]
    public async Task RunsUntilSigtermAndServesKubectl()
    {
        using var dir = new TempDir();
        var seed = dir.Write("seed.yaml", Seeds.IstioExample);
        var kubeconfig = dir.File("kubeconfig");
        using var process = Process.Start(Server("--seed", seed, "--generate", "30", "--kubeconfig", kubeconfig))!;
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            var ready = await process.StandardOutput.ReadLineAsync(timeout.Token);
            Assert.NotNull(ready);
            Assert.Matches(@"^ready https://127\.0\.0\.1:\d+/ kubeconfig=", ready);

            using var kubectl = new Kubectl(kubeconfig);
            var names = (await kubectl.RunAsync("get", "gw", "-n", "istio-system", "-o", "name")).Ok().Lines;
            Assert.Equal(["gateway.networking.istio.io/default", "gateway.networking.istio.io/default2"], names);
            var all = (await kubectl.RunAsync("get", "gw", "-A", "--no-headers")).Ok().Lines;
            Assert.Equal(32, all.Length);
        }
        finally
        {
            using var kill = Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
            await kill.WaitForExitAsync();
        }
        using var exit = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await process.WaitForExitAsync(exit.Token);
        Assert.Equal(0, process.ExitCode);
    }

    [Fact]
    public async Task WritesManifestsAndExits()
    {
        using var dir = new TempDir();
        using var process = Process.Start(Server("--generate", "40", "--write-manifests", dir.Path))!;
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.Equal(0, process.ExitCode);
        Assert.Contains("40 gateways", output, StringComparison.Ordinal);
        Assert.Equal(40, Manifests.Load(dir.Path).Count(o => o.Str("kind") == "Gateway"));
    }

    [Fact]
    public async Task BadArgumentsExitWithUsage()
    {
        using var process = Process.Start(Server("--nope"))!;
        var error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.Equal(2, process.ExitCode);
        Assert.Contains("usage:", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MissingSeedExitsWithAnError()
    {
        using var process = Process.Start(Server("--seed", "/nonexistent/seed.yaml"))!;
        var error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.Equal(1, process.ExitCode);
        Assert.Contains("seed path not found: /nonexistent/seed.yaml", error, StringComparison.Ordinal);
    }
}
