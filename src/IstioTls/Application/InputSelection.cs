using IstioTls.Cluster;

namespace IstioTls.Application;

/// <summary>Where a command's objects come from, as the command line chose it.</summary>
public abstract record InputSelection;

/// <summary><c>-f</c>: files, directories, <c>-</c> for standard input.</summary>
public sealed record ManifestInput(IReadOnlyList<string> Paths) : InputSelection;

/// <summary>The cluster of the current context, of <c>--context</c>, of <c>--contexts a,b</c> or
/// of every context (<c>--all-contexts</c>).</summary>
public sealed record ClusterInput(ClusterOptions Cluster, IReadOnlyList<string> Contexts, bool AllContexts) : InputSelection;
