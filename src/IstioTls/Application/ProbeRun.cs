using IstioTls.Probing;

namespace IstioTls.Application;

/// <summary><c>probe</c>: the groups of hosts to try (given, or from check's findings), every
/// ordered pair of each probed on the gateway, and the exit code the result earns.</summary>
public static class ProbeRun
{
    /// <summary>The name of the one group <c>--host</c> makes.</summary>
    public const string GivenGroup = "--host";

    public static async Task<ProbeReport> RunAsync(ProbeTargets targets, ProbeOptions options, CancellationToken cancellationToken)
    {
        var selection = targets switch
        {
            GivenHosts given => new HostSelection([new ProbeGroup(GivenGroup, given.Hosts, given.Address)], [], []),
            FindingHosts live => await LiveHosts.SelectAsync(live, cancellationToken).ConfigureAwait(false),
            _ => throw new ArgumentOutOfRangeException(nameof(targets)),
        };
        IReadOnlyList<PairResult> pairs;
        try
        {
            pairs = await Prober.RunAsync(selection.Groups, options, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            foreach (var connection in selection.Connections)
            {
                connection.Dispose();
            }
        }
        return new ProbeReport(selection.Groups, pairs, selection.Skipped, selection.Errors) { Warnings = selection.Warnings };
    }

    /// <summary>2 when something could not be probed (a pair unreachable, a context or a gateway
    /// address that could not be read: what it would show is unknown), else 1 when a pair is
    /// misrouted (the 404 reproduced), else 0.</summary>
    public static int ExitCode(ProbeReport report) =>
        report.Errors.Count > 0 || report.Pairs.Any(p => p.Verdict == ProbeVerdict.Unreachable) ? ExitCodes.Error
        : report.AnyMisrouted ? ExitCodes.Findings
        : ExitCodes.Ok;
}

/// <summary>The groups to probe, the servers left out and why, and what could not be read.</summary>
public sealed record HostSelection(IReadOnlyList<ProbeGroup> Groups, IReadOnlyList<SkippedServer> Skipped, IReadOnlyList<string> Errors)
{
    /// <summary>What check warned about while reading (objects skipped, lists forbidden).</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];

    /// <summary>API server connections the groups' tunnels go through, closed after the probe.</summary>
    public IReadOnlyList<IDisposable> Connections { get; init; } = [];
}
