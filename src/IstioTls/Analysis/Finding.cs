using IstioTls.Model;

namespace IstioTls.Analysis;

/// <summary>What to do about a finding: the Gateway to merge into (the oldest), and the words.</summary>
/// <param name="Lasting">The fix that removes the risk.</param>
/// <param name="Alternative">The other way out, where there is one (a 421 filter); a finding the
/// filter already mitigates has none to offer.</param>
public sealed record FixAdvice(string? MergeInto, string Lasting, string? Alternative = null)
{
    public string Text => Alternative is null ? Lasting : $"{Lasting}; or {Alternative}";
}

/// <summary>
/// One problem on one gateway workload, naming every server involved. What every code has is
/// here; what one code adds is its <see cref="Detail"/>, so that a printer switches on the detail
/// type rather than guessing from which properties are set.
/// </summary>
public sealed record Finding
{
    public required string Code { get; init; }

    public required Severity Severity { get; init; }

    public required string Message { get; init; }

    /// <summary>The port (and bind address) of the Envoy listener the servers share; null for a
    /// finding about an EnvoyFilter, which spans the workload's ports.</summary>
    public PortBinding? Binding { get; init; }

    /// <summary>False when the listener port is the Gateway port as written, assumed because no
    /// Service was read to resolve it: a filter limited to that port may match nothing.</summary>
    public bool PortEstablished { get; init; } = true;

    /// <summary>The selector of the Gateways involved (of the oldest, where they differ), or the
    /// EnvoyFilter's workloadSelector.</summary>
    public required LabelSet Selector { get; init; }

    /// <summary><c>namespace/name</c> of the gateway workloads, where pods or Deployments told.</summary>
    public IReadOnlyList<string> Workloads { get; init; } = [];

    /// <summary>The servers involved; empty for a finding about an EnvoyFilter.</summary>
    public required IReadOnlyList<Server> Servers { get; init; }

    public required FindingDetail Detail { get; init; }

    /// <summary><c>namespace/name</c> of this tool's 421 filter that covers the workload: browsers
    /// get 421 and reconnect instead of 404, so the finding is no longer urgent.</summary>
    public string? MitigatedBy { get; init; }

    public FixAdvice? Fix { get; init; }

    /// <summary>The kubeconfig context, when several clusters are checked.</summary>
    public string? Context { get; init; }

    /// <summary>The other contexts that name the same server, user and namespace as
    /// <see cref="Context"/>: their cluster was read once, and the finding is theirs too.</summary>
    public IReadOnlyList<string> SameAs { get; init; } = [];

    /// <summary>Identity for de-duplication: the same servers and certificate found through two
    /// workloads (two ingress deployments with the same labels) are one finding.</summary>
    internal string Identity => $"{Code}|{(Detail as CertificateDetail)?.Certificate}|{string.Join(',', Servers.Select(s => s.Key))}|{string.Join(',', Detail.Hosts)}";
}
