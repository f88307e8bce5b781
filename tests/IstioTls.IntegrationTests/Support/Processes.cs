using System.Diagnostics;
using IstioTls.Tests.Support;

namespace IstioTls.IntegrationTests.Support;

/// <summary>Runs other programs (the real kubectl, bash and the seed's script) with a clean HOME.</summary>
public static class Processes
{
    public const string Kubectl = "/usr/bin/kubectl";

    public static CliResult Run(string program, IEnumerable<string> args, IDictionary<string, string?> environment, TimeSpan? timeout = null)
    {
        var start = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = Repo.Root,
        };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }
        foreach (var (key, value) in environment)
        {
            if (value is null)
            {
                start.Environment.Remove(key);
            }
            else
            {
                start.Environment[key] = value;
            }
        }
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"cannot start {program}");
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout ?? TimeSpan.FromMinutes(3)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{program} {string.Join(' ', args)} did not finish");
        }
        return new CliResult(process.ExitCode, stdout.Result, stderr.Result);
    }

    /// <summary>The seed's script, unchanged: examples/seed/check.sh.</summary>
    public static string SeedScript => Path.Combine(Repo.Root, "examples", "seed", "check.sh");
}
