using ConsoleAppFramework;
using IstioTls.Application;
using IstioTls.CommandLine;
using IstioTls.Printers;

namespace IstioTls.Cli.Commands;

internal sealed class Apply421Command
{
    /// <summary>Install an EnvoyFilter that answers 421 Misdirected Request on gateway workloads whose servers share a certificate, so that browsers open a new connection instead of getting 404. -n gives the gateway workload's namespace.</summary>
    /// <param name="filename">-f, Manifest file, directory, or - for stdin; repeatable or comma-separated.</param>
    /// <param name="dryRun">none, client (bare --dry-run: print the EnvoyFilters and send nothing) or server (send the writes with dryRun=All: the API server validates them and changes nothing).</param>
    /// <param name="output">-o, Output format of --dry-run: yaml or json.</param>
    /// <param name="mode">strict: 421 when the request's host is not the SNI host; precise: 421 only when another server of the port serves the host.</param>
    /// <param name="all">Every gateway workload that terminates TLS, not only those at risk.</param>
    /// <param name="selector">-l, One gateway workload, by its pods' labels (key=value,...); -n gives its namespace.</param>
    /// <param name="targetPort">Precise mode: the gateway Service's targetPort for a Gateway port (443=8443); repeatable.</param>
    /// <param name="delete">Remove the filters this tool installed, and nothing else.</param>
    /// <param name="yes">Make the writes without asking for confirmation.</param>
    [Command("apply-421")]
    public async Task<int> Apply421(ConsoleAppContext context, string[]? filename = null, string dryRun = "none", string output = "yaml", string mode = "strict", bool all = false, string? selector = null, string[]? targetPort = null, bool delete = false, bool yes = false, CancellationToken cancellationToken = default)
    {
        var dryRunMode = DryRunFlag.Parse(dryRun);
        var request = Apply421Arguments.Parse((GlobalFlags)context.GlobalOptions!, filename, dryRunMode == DryRunMode.Client, output, mode, all, selector, targetPort, delete, yes, dryRunMode == DryRunMode.Server);
        // kubectl's words for a server dry run.
        var suffix = request.ServerDryRun ? " (server dry run)" : "";
        using var run = await Apply421Run.ReadAsync(request.Input, cancellationToken);
        Terminal.Warn(run.Snapshot.Warnings);
        if (request.Delete)
        {
            var ours = run.Installed(request.Options);
            if (ours.Count == 0)
            {
                Console.Error.WriteLine($"Nothing to delete: context \"{run.Context}\" holds no EnvoyFilter of this tool{Scope(request)}.");
                return ExitCodes.Ok;
            }
            if (request.DryRun)
            {
                Print([.. ours.Select(r => $"{r} would be deleted (dry run)")]);
                return ExitCodes.Ok;
            }
            if (!request.ServerDryRun && !Confirmed(request, $"Delete {Count(ours.Count)} in context \"{run.Context}\" ({string.Join(", ", ours.Select(r => $"{r.Namespace}/{r.Name}"))})?"))
            {
                return ExitCodes.Declined;
            }
            Print([.. (await run.DeleteAsync(ours, cancellationToken, request.ServerDryRun)).Select(c => c + suffix)]);
            return ExitCodes.Ok;
        }
        var plan = run.Plan(request.Options);
        Terminal.Note(plan.Notes);
        if (request.DryRun)
        {
            using var stdout = Terminal.OpenStdout();
            ManifestPrinter.Print([.. plan.Filters.Select(f => f.Object)], request.Format, stdout);
            return ExitCodes.Ok;
        }
        if (plan.Filters.Count > 0 && !request.ServerDryRun && !Confirmed(request, $"Apply {Count(plan.Filters.Count)} in context \"{run.Context}\" ({string.Join(", ", plan.Filters.Select(f => $"{f.Ref.Namespace}/{f.Ref.Name}"))})?"))
        {
            return ExitCodes.Declined;
        }
        Print([.. (await run.ApplyAsync(plan, cancellationToken, request.ServerDryRun)).Select(c => c + suffix)]);
        return ExitCodes.Ok;
    }

    /// <summary>As merge: <c>--yes</c>, or a person who answers yes; refused without a terminal.</summary>
    private static bool Confirmed(Apply421Request request, string question)
    {
        if (request.Yes || Terminal.Confirm(question))
        {
            return true;
        }
        Console.Error.WriteLine("apply-421 cancelled: nothing was changed.");
        return false;
    }

    private static string Count(int n) => n == 1 ? "1 EnvoyFilter" : $"{n} EnvoyFilters";

    private static string Scope(Apply421Request request) =>
        (request.Options.Selector, request.Options.Namespace) switch
        {
            (null, null) => "",
            ({ } selector, null) => $" for pods with labels {selector}",
            (null, { } ns) => $" in namespace {ns}",
            ({ } selector, { } ns) => $" for pods with labels {selector} in namespace {ns}",
        };

    private static void Print(IReadOnlyList<string> lines)
    {
        using var stdout = Terminal.OpenStdout();
        foreach (var line in lines)
        {
            stdout.WriteLine(line);
        }
    }
}
