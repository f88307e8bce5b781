using System.Runtime.InteropServices;
using System.Text.Json.Nodes;

namespace IstioTls.Printers;

/// <summary>What <c>version</c> reports: the stamp the build wrote into the binary, and where it
/// runs. <c>commit</c> and <c>buildDate</c> say "unknown" when built outside a git checkout.</summary>
public sealed record VersionInfo(string Version, string Commit, string BuildDate, string Platform, string Runtime, bool NativeAot)
{
    /// <summary>The platform in Go's names, as kubectl and krew say it (linux/amd64, darwin/arm64).</summary>
    public static string CurrentPlatform()
    {
        var os = OperatingSystem.IsWindows() ? "windows" : OperatingSystem.IsMacOS() ? "darwin" : OperatingSystem.IsLinux() ? "linux" : RuntimeInformation.OSDescription;
        var arch = RuntimeInformation.ProcessArchitecture switch
        {
            Architecture.X64 => "amd64",
            Architecture.Arm64 => "arm64",
            Architecture.X86 => "386",
            Architecture.Arm => "arm",
            var other => other.ToString().ToLowerInvariant(),
        };
        return $"{os}/{arch}";
    }
}

public static class VersionDocument
{
    public static JsonObject Build(VersionInfo info) => new()
    {
        ["version"] = info.Version,
        ["commit"] = info.Commit,
        ["buildDate"] = info.BuildDate,
        ["platform"] = info.Platform,
        ["runtime"] = info.Runtime,
        ["nativeAot"] = info.NativeAot,
    };

    public static void PrintText(VersionInfo info, TextWriter output)
    {
        output.WriteLine($"version:    {info.Version}");
        output.WriteLine($"commit:     {info.Commit}");
        output.WriteLine($"build date: {info.BuildDate}");
        output.WriteLine($"platform:   {info.Platform}");
        output.WriteLine($"runtime:    {info.Runtime}{(info.NativeAot ? " (native AOT)" : "")}");
    }
}
