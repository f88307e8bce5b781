using IstioTls.Analysis.Misdirected;
using IstioTls.Cluster;
using IstioTls.Model;
using IstioTls.Plans.Misdirected;

namespace IstioTls.Application;

/// <summary>
/// <c>apply-421</c>: the filters planned from files or from the one context they would be
/// installed in, and (live only) their installation or the removal of this tool's filters.
/// </summary>
public sealed class Apply421Run : IDisposable
{
    private readonly KubeConnection? _connection;

    private Apply421Run(KubeConnection? connection, ConfigSnapshot snapshot)
    {
        _connection = connection;
        Snapshot = snapshot;
    }

    public ConfigSnapshot Snapshot { get; }

    /// <summary>The context the filters would be written to; null for files.</summary>
    public string? Context => _connection?.Context;

    public static async Task<Apply421Run> ReadAsync(InputSelection input, CancellationToken cancellationToken)
    {
        var (connection, read) = await InputLoader.ReadForPlanAsync(input, cancellationToken, keepObjects: false).ConfigureAwait(false);
        return new Apply421Run(connection, read.Snapshot);
    }

    public Apply421Plan Plan(Apply421Options options) => Apply421Planner.Plan(Snapshot, options);

    /// <summary>Every filter this tool installed that the cluster holds, within the options'
    /// selector and namespace: what <c>--delete</c> removes.</summary>
    public IReadOnlyList<ObjectRef> Installed(Apply421Options options) =>
        MisdirectedFilterMarks.Installed(Snapshot, options.Selector, options.Namespace);

    /// <param name="serverDryRun">Send the writes with dryRun=All: validated, nothing changed.</param>
    public Task<IReadOnlyList<FilterChange>> ApplyAsync(Apply421Plan plan, CancellationToken cancellationToken, bool serverDryRun = false) =>
        Writer(serverDryRun).ApplyAsync(plan.Filters, cancellationToken);

    public Task<IReadOnlyList<FilterChange>> DeleteAsync(IReadOnlyList<ObjectRef> filters, CancellationToken cancellationToken, bool serverDryRun = false) =>
        Writer(serverDryRun).DeleteAsync(filters, cancellationToken);

    private MisdirectedFilterWriter Writer(bool serverDryRun) =>
        new(new ClusterObjects(_connection ?? throw new InvalidOperationException("files are not a cluster"), serverDryRun));

    public void Dispose() => _connection?.Dispose();
}
