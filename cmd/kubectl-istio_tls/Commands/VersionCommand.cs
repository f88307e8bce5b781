using System.Runtime.InteropServices;
using IstioTls.CommandLine;
using IstioTls.Printers;

namespace IstioTls.Cli.Commands;

internal sealed class VersionCommand
{
    /// <summary>Print the version, git commit and build date of this binary.</summary>
    /// <param name="output">-o, Output format: table, json or yaml.</param>
    [ConsoleAppFramework.Command("version")]
    public void Version(string output = "table")
    {
        var format = OutputFlag.Parse(output);
        // A native AOT binary compiles no method at run time. RuntimeFeature.IsDynamicCodeSupported
        // cannot tell: PublishAot in the project file turns it off in JIT builds too.
        var info = new VersionInfo(BuildInfo.Version, BuildInfo.Commit, BuildInfo.BuildDate, VersionInfo.CurrentPlatform(),
            RuntimeInformation.FrameworkDescription, NativeAot: System.Runtime.JitInfo.GetCompiledMethodCount() == 0);
        using var stdout = Terminal.OpenStdout();
        if (format == OutputFormat.Table)
        {
            VersionDocument.PrintText(info, stdout);
        }
        else
        {
            DocumentPrinter.Print(VersionDocument.Build(info), format, stdout);
        }
    }
}
