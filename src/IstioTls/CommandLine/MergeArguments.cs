using IstioTls.Application;
using IstioTls.Model;
using IstioTls.Plans.Merge;
using IstioTls.Printers;

namespace IstioTls.CommandLine;

/// <summary>What <c>merge</c> was asked to do. <see cref="Manifests"/>: <c>-o manifests</c>, the
/// objects to <c>kubectl apply -f -</c>, which is always a dry run (the output is for a pipe,
/// where nobody could confirm writes); otherwise <see cref="Format"/>.</summary>
/// <param name="ServerDryRun"><c>--dry-run=server</c>: the writes are sent with dryRun=All.</param>
/// <param name="Diff"><c>--diff</c>: print what <c>--write</c> would change in the files.</param>
/// <param name="Write"><c>--write</c>: make the plan in the files.</param>
public sealed record MergeRequest(InputSelection Input, bool DryRun, OutputFormat Format, bool Manifests, MergeOptions Options, bool Yes, string? BackupDir, bool NoHeaders, bool ServerDryRun = false, bool Diff = false, bool Write = false)
{
    /// <summary>The plan goes to the files rather than to a cluster or stdout.</summary>
    public bool EditsFiles => Diff || Write;
}

public static class MergeArguments
{
    public static MergeRequest Parse(GlobalFlags flags, bool dryRun, string[]? filename, string output, string? into, bool wildcard, bool yes, string? backupDir, bool noHeaders, bool serverDryRun = false, bool diff = false, bool write = false)
    {
        var manifests = string.Equals(output, "manifests", StringComparison.OrdinalIgnoreCase);
        var format = manifests ? OutputFormat.Table : OutputFlag.Parse(output, "table, json, yaml or manifests");
        var fromFiles = filename is { Length: > 0 };
        if (fromFiles && serverDryRun)
        {
            throw new UsageException("--dry-run=server sends the writes to a cluster to validate; merge -f reads files: use --dry-run (client)");
        }
        dryRun |= manifests && !serverDryRun;
        if (diff || write)
        {
            EnsureFileEdit(filename, output, diff, write, yes);
        }
        if (fromFiles && !dryRun && !diff && !write)
        {
            throw new UsageException("merge -f reads files, not a cluster, so there is nothing to apply the plan to: use --dry-run, and -o manifests to print the objects for kubectl apply -f -");
        }
        var options = new MergeOptions
        {
            Into = into is null ? null : NamespacedName.TryParse(into) ?? throw new UsageException($"--into must be NAMESPACE/NAME, not \"{into}\""),
            Wildcard = wildcard,
            Namespace = flags.ReportNamespace,
        };
        var input = fromFiles ? flags.Input(filename) : flags.WriteTarget("merge");
        return new MergeRequest(input, dryRun, format, manifests, options, yes, backupDir, noHeaders, serverDryRun, diff, write);
    }

    private static void EnsureFileEdit(string[]? filename, string output, bool diff, bool write, bool yes)
    {
        var flag = diff ? "--diff" : "--write";
        if (diff && write)
        {
            throw new UsageException("--diff and --write cannot be used together: --diff shows what --write would change");
        }
        if (filename is not { Length: > 0 })
        {
            throw new UsageException($"{flag} edits manifest files: give them with -f PATH (a cluster is changed with merge, without {flag})");
        }
        if (filename.SelectMany(f => f.Split(',')).Contains("-"))
        {
            throw new UsageException($"{flag} edits files in place: not standard input (-f -)");
        }
        if (!string.Equals(output, "table", StringComparison.OrdinalIgnoreCase) || yes)
        {
            throw new UsageException($"{flag} prints {(diff ? "a diff" : "the files it changed")}: -o and --yes do not apply");
        }
    }
}
