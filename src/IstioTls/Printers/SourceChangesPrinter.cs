using IstioTls.Plans.Merge;

namespace IstioTls.Printers;

/// <summary><c>merge --write</c>: the files it changed, one a line, paths relative to the
/// working directory; a file deleted because nothing was left in it says so and names what it held.</summary>
public static class SourceChangesPrinter
{
    public static void Print(IReadOnlyList<SourceFileChange> changes, string workingDirectory, TextWriter output)
    {
        foreach (var change in changes)
        {
            var path = UnifiedDiff.Relative(change.Path, workingDirectory);
            var removed = change.Removed.Count == 0 ? "" : $" (removed {string.Join(", ", change.Removed.Select(r => $"{r.Kind} {r.Namespace}/{r.Name}"))})";
            output.Write(change.Deleted
                ? $"deleted {path}: it held nothing but {string.Join(", ", change.Removed.Select(r => $"{r.Kind} {r.Namespace}/{r.Name}"))}\n"
                : $"edited {path}{removed}\n");
        }
    }
}
