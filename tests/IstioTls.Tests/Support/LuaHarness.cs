using System.ComponentModel;
using System.Diagnostics;
using System.Text;

namespace IstioTls.Tests.Support;

/// <summary>One request to the filter: the TLS SNI and the <c>:authority</c> (null: absent).</summary>
public sealed record LuaRequest(string? Sni, string? Authority)
{
    public override string ToString() => $"SNI {Show(Sni)}, :authority {Show(Authority)}";

    private static string Show(string? text) => text is null ? "nil" : $"\"{text}\"";
}

/// <summary>
/// Runs generated Lua under LuaJIT (the runtime Envoy embeds) through Lua/harness.lua, which
/// fakes exactly the request_handle calls the filter may use. One process per batch of requests.
/// Outcomes: <c>pass</c>, <c>421 Misdirected Request</c> (status and body), or <c>error ...</c>
/// for a Lua error, raised or swallowed by the filter's own pcall.
/// </summary>
public static class LuaHarness
{
    private static string Script => Path.Combine(Repo.Root, "tests", "IstioTls.Tests", "Lua", "harness.lua");

    public static string Run(string lua, LuaRequest request) => Run(lua, [request])[0];

    public static IReadOnlyList<string> Run(string lua, IReadOnlyList<LuaRequest> requests)
    {
        var file = Path.Combine(Path.GetTempPath(), $"istio-tls-filter-{Guid.NewGuid():N}.lua");
        File.WriteAllText(file, lua, new UTF8Encoding(false));
        try
        {
            var start = new ProcessStartInfo("luajit", [Script, file])
            {
                RedirectStandardInput = true,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            Process process;
            try
            {
                process = Process.Start(start)!;
            }
            catch (Win32Exception e)
            {
                throw new InvalidOperationException("luajit is not installed (apt-get install luajit; .ci/run installs it): " + e.Message, e);
            }
            using (process)
            {
                var stdout = process.StandardOutput.ReadToEndAsync();
                var stderr = process.StandardError.ReadToEndAsync();
                foreach (var request in requests)
                {
                    process.StandardInput.Write($"{Hex(request.Sni)} {Hex(request.Authority)}\n");
                }
                process.StandardInput.Close();
                process.WaitForExit();
                var lines = stdout.Result.Split('\n', StringSplitOptions.RemoveEmptyEntries);
                if (process.ExitCode != 0 || lines.Length != requests.Count)
                {
                    Assert.Fail($"luajit exit {process.ExitCode}: {string.Join("; ", lines.Select(Outcome))} {stderr.Result}");
                }
                return [.. lines.Select(Outcome)];
            }
        }
        finally
        {
            File.Delete(file);
        }
    }

    private static string Hex(string? text) => text is null ? "-" : Convert.ToHexStringLower(Encoding.UTF8.GetBytes(text));

    private static string Outcome(string line)
    {
        var parts = line.Split(' ');
        return parts[0] switch
        {
            "pass" => "pass",
            "respond" => $"{parts[1]} {Unhex(parts.Length > 2 ? parts[2] : "")}",
            _ => $"{parts[0]} {Unhex(parts.Length > 1 ? parts[1] : "")}",
        };
    }

    private static string Unhex(string hex) => Encoding.UTF8.GetString(Convert.FromHexString(hex));
}
