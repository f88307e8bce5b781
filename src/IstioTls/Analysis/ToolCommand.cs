using IstioTls.Model;

namespace IstioTls.Analysis;

/// <summary>
/// This tool's commands as fix hints write them, so that a hint runs on the input the report
/// came from: after <c>check -f PATH</c> on the same <c>-f PATH</c> (and with <c>--dry-run</c>,
/// which files need: they are not a cluster to write to); live, as they are, on the context.
/// </summary>
public sealed class ToolCommand
{
    private const string Tool = "kubectl istio-tls";

    private readonly string _files;

    private ToolCommand(string files) => _files = files;

    /// <summary>The commands for a cluster (and for a snapshot of no files named).</summary>
    public static readonly ToolCommand Live = new("");

    public static ToolCommand For(SnapshotOrigin origin) =>
        origin is FilesOrigin { Paths.Count: > 0 } files ? new(string.Concat(files.Paths.Select(p => " -f " + Quote(p)))) : Live;

    /// <summary>True when the hints name <c>-f</c> paths: what they change is files, not a cluster.</summary>
    public bool OnFiles => _files.Length > 0;

    public string MergeDryRun => $"{Tool} merge --dry-run{_files}";

    /// <summary><c>apply-421</c> with <paramref name="arguments"/> (each with a leading space).</summary>
    public string Apply421(string arguments = "", bool dryRun = false) =>
        $"{Tool} apply-421{(dryRun || OnFiles ? " --dry-run" : "")}{arguments}{_files}";

    public string Answer421 => $"answer 421 to misdirected requests: {Apply421()}";

    // A path is written back as the shell needs it: quoted when it holds more than safe characters.
    private static string Quote(string path) =>
        path.Length > 0 && path.All(c => char.IsAsciiLetterOrDigit(c) || c is '/' or '.' or '_' or '-' or ':' or '=' or '@' or '+' or ',')
            ? path
            : $"'{path.Replace("'", "'\\''", StringComparison.Ordinal)}'";
}
