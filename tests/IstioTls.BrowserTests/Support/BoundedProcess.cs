using System.ComponentModel;
using System.Diagnostics;
using System.Text;

namespace IstioTls.BrowserTests.Support;

public sealed record ProcessResult(int ExitCode, string Stdout, string Stderr);

/// <summary>
/// Runs a tool to completion within a deadline. A browser that hangs (a dialog, a lock, a page
/// that never finishes) must fail its test, not the whole run: on timeout the process tree is
/// killed.
/// </summary>
public static class BoundedProcess
{
    public static ProcessResult Run(string file, IEnumerable<string> arguments, TimeSpan timeout, IDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }
        Process process;
        try
        {
            process = Process.Start(start)!;
        }
        catch (Win32Exception e)
        {
            throw new InvalidOperationException($"{file} is not installed (dotnet cake --target=TestPrerequisites installs it): {e.Message}", e);
        }
        using (process)
        {
            process.StandardInput.Close();
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(timeout))
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit(TimeSpan.FromSeconds(5));
                throw new TimeoutException($"{file} {string.Join(' ', start.ArgumentList)} did not finish within {timeout.TotalSeconds} s");
            }
            // The output pipes can stay open in a grandchild (a browser's helpers): do not wait on them forever.
            var drained = Task.WaitAll([stdout, stderr], TimeSpan.FromSeconds(5));
            return new ProcessResult(process.ExitCode, drained ? stdout.Result : "", drained ? stderr.Result : "");
        }
    }
}
