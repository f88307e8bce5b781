using System.Diagnostics;

namespace IstioTls.Bench;

/// <summary>What the numbers were measured on.</summary>
public sealed record MachineInfo(string Cpu, int Cores, double MemoryGiB, string Os, string Kubectl, string Dotnet, DateTimeOffset When)
{
    public static MachineInfo Read()
    {
        var cpu = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? "unknown";
        var memory = File.ReadLines("/proc/meminfo").First(l => l.StartsWith("MemTotal:", StringComparison.Ordinal));
        var kilobytes = long.Parse(memory.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture);
        var os = File.ReadLines("/etc/os-release").FirstOrDefault(l => l.StartsWith("PRETTY_NAME=", StringComparison.Ordinal))?.Split('=', 2)[1].Trim('"') ?? Environment.OSVersion.ToString();
        return new MachineInfo(cpu, Environment.ProcessorCount, kilobytes / 1024.0 / 1024.0, os, Output("/usr/bin/kubectl", "version", "--client"), Environment.Version.ToString(), DateTimeOffset.UtcNow);
    }

    private static string Output(string program, params string[] args)
    {
        try
        {
            var start = new ProcessStartInfo(program, args) { RedirectStandardOutput = true, RedirectStandardError = true };
            using var process = Process.Start(start)!;
            var text = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            return text.Split('\n', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault()?.Trim() ?? "";
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return "not installed";
        }
    }
}
