namespace IstioTls.Probing;

/// <summary>How B's request travelled: over A's connection, on a connection of its own (the
/// browser would not reuse A's), or nowhere (A's connection failed).</summary>
public enum PairConnection
{
    Reused,
    Separate,
    None,
}

/// <summary>One ordered pair: a connection with SNI <paramref name="Sni"/>, then a request for
/// <paramref name="Authority"/> on it (<paramref name="Status"/>), and the same request on a
/// connection of its own (<paramref name="BaselineStatus"/>).</summary>
/// <param name="Cause">Why, for a verdict that is not a plain comparison: the failure, the
/// protocol negotiated, the names the certificate lacks.</param>
public sealed record PairResult(ProbeGroup Group, string Sni, string Authority, int? Status, int? BaselineStatus, ProbeVerdict Verdict, PairConnection Connection, string? Cause = null);

/// <summary>A server of a finding that could not be probed (a wildcard host without
/// <c>--sample-host</c>, say), and why.</summary>
public sealed record SkippedServer(string Group, string Server, string Reason);

/// <summary>Everything one <c>probe</c> run found.</summary>
/// <param name="Errors">What kept a part from being probed at all (a context that could not be
/// read, a gateway without an address); the pairs found are still reported.</param>
public sealed record ProbeReport(IReadOnlyList<ProbeGroup> Groups, IReadOnlyList<PairResult> Pairs, IReadOnlyList<SkippedServer> Skipped, IReadOnlyList<string> Errors)
{
    /// <summary>What reading the cluster warned about; the pairs are still reported.</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];

    public bool AnyMisrouted => Pairs.Any(p => p.Verdict == ProbeVerdict.Misrouted);
}
