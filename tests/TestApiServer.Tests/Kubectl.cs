using System.Diagnostics;

namespace IstioTls.TestApiServer.Tests;

public sealed record ProcessResult(int ExitCode, string StdOut, string StdErr)
{
    public ProcessResult Ok()
    {
        Assert.True(ExitCode == 0, $"exit code {ExitCode}\nstdout:\n{StdOut}\nstderr:\n{StdErr}");
        return this;
    }

    public string[] Lines => StdOut.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}

/// <summary>
/// Runs the real /usr/bin/kubectl against a kubeconfig, with its own HOME and discovery cache so
/// nothing leaks between tests or from the machine's own ~/.kube.
/// </summary>
public sealed class Kubectl : IDisposable
{
    public const string Binary = "/usr/bin/kubectl";

    readonly TempDir _home = new();

    public Kubectl(string kubeconfig)
    {
        Kubeconfig = kubeconfig;
    }

    public string Kubeconfig { get; }

    public string Home => _home.Path;

    public Task<ProcessResult> RunAsync(params string[] args) =>
        Run(Binary, ["--kubeconfig", Kubeconfig, .. args], null);

    /// <summary>Any program (bash, a script) with this kubectl's HOME and KUBECONFIG in its environment.</summary>
    public Task<ProcessResult> RunProgramAsync(string program, params string[] args) =>
        Run(program, args, new Dictionary<string, string> { ["KUBECONFIG"] = Kubeconfig });

    async Task<ProcessResult> Run(string program, IEnumerable<string> args, Dictionary<string, string>? env)
    {
        var start = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var a in args)
        {
            start.ArgumentList.Add(a);
        }
        start.Environment.Remove("KUBECONFIG");
        start.Environment["HOME"] = _home.Path;
        start.Environment["KUBECACHEDIR"] = System.IO.Path.Combine(_home.Path, "cache");
        foreach (var (k, v) in env ?? [])
        {
            start.Environment[k] = v;
        }
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"cannot start {program}");
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{program} {string.Join(' ', args)} did not finish in 90s");
        }
        return new ProcessResult(process.ExitCode, await stdout, await stderr);
    }

    public void Dispose() => _home.Dispose();
}
