using IstioTls.Application;
using IstioTls.Model;
using IstioTls.Plans.Merge;
using IstioTls.Printers;

namespace IstioTls.CommandLine;

/// <summary>What <c>merge</c> was asked to do. <see cref="Manifests"/>: <c>-o manifests</c>, the
/// objects to <c>kubectl apply -f -</c>, which is always a dry run (the output is for a pipe,
/// where nobody could confirm writes); otherwise <see cref="Format"/>.</summary>
/// <param name="ServerDryRun"><c>--dry-run=server</c>: the writes are sent with dryRun=All.</param>
public sealed record MergeRequest(InputSelection Input, bool DryRun, OutputFormat Format, bool Manifests, MergeOptions Options, bool Yes, string? BackupDir, bool NoHeaders, bool ServerDryRun = false);

public static class MergeArguments
{
    public static MergeRequest Parse(GlobalFlags flags, bool dryRun, string[]? filename, string output, string? into, bool wildcard, bool yes, string? backupDir, bool noHeaders, bool serverDryRun = false)
    {
        var manifests = string.Equals(output, "manifests", StringComparison.OrdinalIgnoreCase);
        var format = manifests ? OutputFormat.Table : OutputFlag.Parse(output, "table, json, yaml or manifests");
        var fromFiles = filename is { Length: > 0 };
        if (fromFiles && serverDryRun)
        {
            throw new UsageException("--dry-run=server sends the writes to a cluster to validate; merge -f reads files: use --dry-run (client)");
        }
        dryRun |= manifests && !serverDryRun;
        if (fromFiles && !dryRun)
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
        return new MergeRequest(input, dryRun, format, manifests, options, yes, backupDir, noHeaders, serverDryRun);
    }
}
