using ConsoleAppFramework;
using IstioTls.Application;
using IstioTls.CommandLine;
using IstioTls.Printers;

namespace IstioTls.Cli.Commands;

internal sealed class MergeCommand
{
    /// <summary>Merge the servers that share a TLS certificate into one server of one Gateway, repoint the VirtualServices and delete emptied Gateways. Plans from the current kubeconfig context and applies after confirmation, or plans from manifests with --dry-run -f.</summary>
    /// <param name="dryRun">none, client (bare --dry-run: print the plan and send nothing) or server (send the writes with dryRun=All: the API server validates them and changes nothing).</param>
    /// <param name="filename">-f, Manifest file, directory, or - for stdin (with --dry-run); repeatable or comma-separated.</param>
    /// <param name="output">-o, Output format: table, json, yaml, or manifests (the objects to kubectl apply -f -).</param>
    /// <param name="into">Merge into this Gateway (NAMESPACE/NAME) where it holds a server of a group, instead of the oldest.</param>
    /// <param name="wildcard">Write *.domain when every merged host is one label under one domain and no other server on the port is covered.</param>
    /// <param name="yes">Apply without asking for confirmation.</param>
    /// <param name="backupDir">Directory for the backup of the objects before they change (default: merge-backup-UTCTIME).</param>
    /// <param name="noHeaders">Do not print table headers.</param>
    /// <param name="diff">With -f: print the changes --write would make to the files, as a unified diff (git apply takes it); exit 1 when there is a change.</param>
    /// <param name="write">With -f: make the plan in the files, editing them in place (comments and formatting stay); print the files changed.</param>
    [Command("merge")]
    public async Task<int> Merge(ConsoleAppContext context, string dryRun = "none", string[]? filename = null, string output = "table", string? into = null, bool wildcard = false,
        bool yes = false, string? backupDir = null, bool noHeaders = false, bool diff = false, bool write = false, CancellationToken cancellationToken = default)
    {
        var flags = (GlobalFlags)context.GlobalOptions!;
        var dryRunMode = DryRunFlag.Parse(dryRun);
        var request = MergeArguments.Parse(flags, dryRunMode == DryRunMode.Client, filename, output, into, wildcard, yes, backupDir, noHeaders, dryRunMode == DryRunMode.Server, diff, write);
        if (request.EditsFiles)
        {
            return await EditFilesAsync(request, cancellationToken);
        }
        var useColor = !request.Manifests && request.Format == OutputFormat.Table && Terminal.UseColor(flags.ColorMode);
        using var run = await MergeRun.PlanAsync(request.Input, request.Options, cancellationToken);
        Terminal.Warn(run.Snapshot.Warnings);

        using var stdout = Terminal.OpenStdout();
        if (request.Manifests)
        {
            MergeManifests.Print(run.Plan, stdout);
        }
        else if (request.Format == OutputFormat.Table)
        {
            MergePlanTable.Print(run.Plan, stdout, useColor, request.NoHeaders);
        }
        else
        {
            DocumentPrinter.Print(MergePlanDocument.Build(run.Plan), request.Format, stdout);
        }
        stdout.Flush();
        if (run.Context is null || request.DryRun || !run.Plan.HasChanges)
        {
            return ExitCodes.Ok;
        }
        run.EnsureApplicable();
        if (!request.ServerDryRun && !request.Yes && !Terminal.Confirm($"Make these {run.Plan.Steps.Count} writes in context \"{run.Context}\"?"))
        {
            Console.Error.WriteLine("merge cancelled: nothing was changed.");
            return ExitCodes.Declined;
        }
        // Progress goes with the table; a document on stdout must stay one document.
        var log = request.Format == OutputFormat.Table && !request.Manifests ? stdout : Console.Error;
        await run.ApplyAsync(request.BackupDir ?? MergeBackup.DefaultDirectory(DateTimeOffset.UtcNow), line =>
        {
            log.WriteLine(line);
            log.Flush();
        }, cancellationToken, request.ServerDryRun);
        return ExitCodes.Ok;
    }

    /// <summary>--diff and --write: the plan made on the files instead of a cluster.</summary>
    private static async Task<int> EditFilesAsync(MergeRequest request, CancellationToken cancellationToken)
    {
        using var run = await MergeRun.PlanAsync(request.Input, request.Options, cancellationToken);
        Terminal.Warn(run.Snapshot.Warnings);
        Terminal.Warn(run.Plan.Warnings);
        var changes = MergeSourceRun.Changes(run, (ManifestInput)request.Input);
        if (request.Write)
        {
            MergeSourceRun.Write(changes);
        }
        using var stdout = Terminal.OpenStdout();
        if (request.Diff)
        {
            UnifiedDiff.Print(changes, Environment.CurrentDirectory, stdout);
            // A CI gate: the files are not yet merged.
            return changes.Count > 0 ? ExitCodes.Findings : ExitCodes.Ok;
        }
        SourceChangesPrinter.Print(changes, Environment.CurrentDirectory, stdout);
        return ExitCodes.Ok;
    }
}
