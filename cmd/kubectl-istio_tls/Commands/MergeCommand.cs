using ConsoleAppFramework;
using IstioTls.Cluster;
using IstioTls.CommandLine;
using IstioTls.Plans.Merge;
using IstioTls.Printers;
using IstioTls.Sources;

namespace IstioTls.Cli.Commands;

internal sealed class MergeCommand
{
    /// <summary>Merge the servers that share a TLS certificate into one server of one Gateway, repoint the VirtualServices and delete emptied Gateways (the seed's Solution 1). Plans from the current kubeconfig context and applies after confirmation, or plans from manifests with --dry-run -f.</summary>
    /// <param name="dryRun">Print the plan and change nothing.</param>
    /// <param name="filename">-f, Manifest file, directory, or - for stdin (with --dry-run); repeatable or comma-separated.</param>
    /// <param name="output">-o, Output format: table, json, yaml, or manifests (the objects to kubectl apply -f -).</param>
    /// <param name="into">Merge into this Gateway (NAMESPACE/NAME) where it holds a server of a group, instead of the oldest.</param>
    /// <param name="wildcard">Write *.domain when every merged host is one label under one domain and no other server on the port is covered.</param>
    /// <param name="yes">Apply without asking for confirmation.</param>
    /// <param name="backupDir">Directory for the backup of the objects before they change (default: merge-backup-UTCTIME).</param>
    /// <param name="noHeaders">Do not print table headers.</param>
    [Command("merge")]
    public async Task<int> Merge(ConsoleAppContext context, bool dryRun = false, string[]? filename = null, string output = "table", string? into = null, bool wildcard = false,
        bool yes = false, string? backupDir = null, bool noHeaders = false, CancellationToken cancellationToken = default)
    {
        var flags = (GlobalFlags)context.GlobalOptions!;
        var manifests = string.Equals(output, "manifests", StringComparison.OrdinalIgnoreCase);
        var format = manifests ? OutputFormat.Table : Format(output);
        var useColor = !manifests && format == OutputFormat.Table && Terminal.UseColor(flags.Color);
        var options = new MergeOptions { Into = into, Wildcard = wildcard, Namespace = flags.ReportNamespace };
        if (Inputs.FromFiles(filename) && !dryRun)
        {
            throw new UsageException("merge -f reads files, not a cluster, so there is nothing to apply the plan to: use --dry-run, and -o manifests to print the objects for kubectl apply -f -");
        }
        var (connection, read) = Inputs.FromFiles(filename)
            ? (null, (await Inputs.LoadAsync(flags, filename, cancellationToken)).Single())
            : await Inputs.OpenForWritesAsync(flags, "merge", cancellationToken);
        using var _ = connection;
        var snapshot = read.Snapshot!;
        Terminal.Warn(snapshot.Warnings);
        var plan = MergePlanner.Plan(snapshot, options);

        using var stdout = Terminal.OpenStdout();
        if (manifests)
        {
            MergeManifests.Print(plan, stdout);
        }
        else if (format == OutputFormat.Table)
        {
            MergePlanTable.Print(plan, stdout, useColor, noHeaders);
        }
        else
        {
            DocumentPrinter.Print(MergePlanDocument.Build(plan), format, stdout);
        }
        stdout.Flush();
        if (connection is null || dryRun || !plan.HasChanges)
        {
            return ExitCodes.Ok;
        }
        if (snapshot.Partial)
        {
            throw new UsageException("not applying: the cluster could be read only in part (see the warnings), and VirtualServices merge cannot see would keep naming the Gateways it deletes");
        }
        if (!yes && !Terminal.Confirm($"Make these {plan.Steps.Count} writes in context \"{connection.Context}\"?"))
        {
            Console.Error.WriteLine("merge cancelled: nothing was changed.");
            return ExitCodes.Ok;
        }
        // Progress goes with the table; a document on stdout must stay one document.
        var log = format == OutputFormat.Table && !manifests ? stdout : Console.Error;
        await new MergeExecutor(new ClusterObjects(connection)).RunAsync(plan, backupDir ?? MergeBackup.DefaultDirectory(DateTimeOffset.UtcNow), line =>
        {
            log.WriteLine(line);
            log.Flush();
        }, cancellationToken);
        return ExitCodes.Ok;
    }

    private static OutputFormat Format(string output)
    {
        if (!OutputFormats.TryParse(output, out var format))
        {
            throw new UsageException($"--output must be table, json, yaml or manifests, not \"{output}\"");
        }
        return format;
    }
}
