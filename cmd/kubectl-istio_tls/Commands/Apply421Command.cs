using ConsoleAppFramework;
using IstioTls.Analysis.Misdirected;
using IstioTls.Cluster;
using IstioTls.CommandLine;
using IstioTls.Plans.Misdirected;
using IstioTls.Printers;

namespace IstioTls.Cli.Commands;

internal sealed class Apply421Command
{
    /// <summary>Install an EnvoyFilter that answers 421 Misdirected Request on gateway workloads whose servers share a certificate, so that browsers open a new connection instead of getting 404. -n gives the gateway workload's namespace.</summary>
    /// <param name="filename">-f, Manifest file, directory, or - for stdin; repeatable or comma-separated.</param>
    /// <param name="dryRun">Print the EnvoyFilters and change nothing.</param>
    /// <param name="output">-o, Output format of --dry-run: yaml or json.</param>
    /// <param name="mode">strict: 421 when the request's host is not the SNI host; precise: 421 only when another server of the port serves the host.</param>
    /// <param name="all">Every gateway workload that terminates TLS, not only those at risk.</param>
    /// <param name="selector">-l, One gateway workload, by its pods' labels (key=value,...); -n gives its namespace.</param>
    /// <param name="targetPort">Precise mode: the gateway Service's targetPort for a Gateway port (443=8443); repeatable.</param>
    /// <param name="delete">Remove the filters this tool installed, and nothing else.</param>
    [Command("apply-421")]
    public async Task<int> Apply421(ConsoleAppContext context, string[]? filename = null, bool dryRun = false, string output = "yaml", string mode = "strict", bool all = false, string? selector = null, string[]? targetPort = null, bool delete = false, CancellationToken cancellationToken = default)
    {
        // -n/--namespace is a global flag (kubectl's); for apply-421 it is the workload's namespace.
        var flags = (GlobalFlags)context.GlobalOptions!;
        var format = Terminal.Format(output);
        if (format == OutputFormat.Table)
        {
            throw new UsageException($"--output must be yaml or json, not \"{output}\"");
        }
        if (all && selector is not null)
        {
            throw new UsageException("--all and --selector exclude each other");
        }
        var options = new Apply421Options
        {
            Mode = Apply421Arguments.Mode(mode),
            All = all,
            Selector = selector is null ? null : Apply421Arguments.Selector(selector),
            Namespace = string.IsNullOrEmpty(flags.Namespace) ? null : flags.Namespace,
            TargetPorts = Apply421Arguments.TargetPorts(targetPort ?? []),
        };
        if (Inputs.FromFiles(filename))
        {
            if (delete)
            {
                throw new UsageException("--delete removes filters from a cluster; files are not a cluster");
            }
            if (!dryRun)
            {
                throw new UsageException("files are not a cluster: add --dry-run to print the EnvoyFilters (kubectl apply -f - takes them)");
            }
            var input = (await Inputs.LoadAsync(flags, filename, cancellationToken, keepObjects: false)).Single();
            PrintPlan(Apply421Planner.Plan(input.Snapshot!, options), input.Snapshot!, format);
            return ExitCodes.Ok;
        }

        var (connection, read) = await Inputs.OpenForWritesAsync(flags, "apply-421", cancellationToken);
        using (connection)
        {
            var snapshot = read.Snapshot!;
            var writer = new MisdirectedFilterWriter(new ClusterObjects(connection));
            if (delete)
            {
                // Every filter this tool installed that the cluster holds, within --selector and -n.
                var ours = MisdirectedFilterMarks.Installed(snapshot, options.Selector, options.Namespace);
                Terminal.Warn(snapshot.Warnings);
                Print(dryRun ? [.. ours.Select(r => $"{r} would be deleted (dry run)")] : [.. (await writer.DeleteAsync(ours, cancellationToken)).Select(c => c.ToString())]);
                return ExitCodes.Ok;
            }
            var plan = Apply421Planner.Plan(snapshot, options);
            if (dryRun)
            {
                PrintPlan(plan, snapshot, format);
                return ExitCodes.Ok;
            }
            Terminal.Warn(snapshot.Warnings);
            Terminal.Note(plan.Notes);
            Print([.. (await writer.ApplyAsync(plan.Filters, cancellationToken)).Select(c => c.ToString())]);
        }
        return ExitCodes.Ok;
    }

    private static void PrintPlan(Apply421Plan plan, Model.ConfigSnapshot snapshot, OutputFormat format)
    {
        Terminal.Warn(snapshot.Warnings);
        Terminal.Note(plan.Notes);
        using var stdout = Terminal.OpenStdout();
        ManifestPrinter.Print([.. plan.Filters.Select(f => f.Object)], format, stdout);
    }

    private static void Print(IReadOnlyList<string> lines)
    {
        using var stdout = Terminal.OpenStdout();
        foreach (var line in lines)
        {
            stdout.WriteLine(line);
        }
    }
}
