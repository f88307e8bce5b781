using System.Diagnostics;
using System.Text.Json.Nodes;

namespace IstioTls.Tests.Support;

/// <summary>
/// Microsoft's SARIF multitool (npm <c>@microsoft/sarif-multitool</c>, installed by build.cake's
/// TestPrerequisites): <c>validate</c> checks a log against the SARIF 2.1.0 schema and its own
/// rules, and writes what it found as a SARIF log of its own.
/// </summary>
public static class SarifMultitool
{
    /// <summary>The problems the validator reports at level error or warning (schema errors are
    /// errors; a result without a level is a warning), one line each; notes are advice (code
    /// snippets, friendly names) and not counted.</summary>
    public static IReadOnlyList<string> Problems(params string[] sarifFiles)
    {
        var output = Path.Combine(Path.GetTempPath(), $"istio-tls-validate-{Guid.NewGuid():N}.sarif");
        var start = new ProcessStartInfo("sarif-multitool")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in (string[])["validate", .. sarifFiles, "--output", output, "--level", "Error", "Warning"])
        {
            start.ArgumentList.Add(arg);
        }
        try
        {
            using var process = Start(start);
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(TimeSpan.FromMinutes(5)))
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException("sarif-multitool validate did not finish");
            }
            Assert.True(process.ExitCode == 0 && File.Exists(output), $"sarif-multitool validate exit {process.ExitCode}: {stdout.Result} {stderr.Result}");
            var log = JsonNode.Parse(File.ReadAllText(output))!;
            return [.. log["runs"]!.AsArray().SelectMany(run => run!["results"]?.AsArray() ?? [])
                .Where(r => (string?)r!["level"] is null or "error" or "warning")
                .Select(r => $"{r!["level"] ?? "warning"} {r["ruleId"]}: {r["message"]?["text"] ?? r["message"]?["id"]} {r["message"]?["arguments"]?.ToJsonString()}")];
        }
        finally
        {
            File.Delete(output);
        }
    }

    private static Process Start(ProcessStartInfo start)
    {
        try
        {
            return Process.Start(start)!;
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException("sarif-multitool is not installed (npm install -g @microsoft/sarif-multitool; build.cake's TestPrerequisites installs it): " + e.Message, e);
        }
    }
}
