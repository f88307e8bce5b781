using IstioTls.Model;

namespace IstioTls.Analysis;

/// <summary>What to do about a finding: the Gateway to merge into (the oldest), and the words.</summary>
public sealed record FixAdvice(string? MergeInto, string Text);

/// <summary>One problem on one gateway workload and port, naming every server involved.</summary>
public sealed record Finding
{
    public required string Code { get; init; }

    public required Severity Severity { get; init; }

    public required string Message { get; init; }

    public required int Port { get; init; }

    public string? Bind { get; init; }

    /// <summary>The selector of the Gateways involved (of the oldest, where they differ).</summary>
    public required LabelSet Selector { get; init; }

    /// <summary><c>namespace/name</c> of the gateway workloads, where pods or Deployments told.</summary>
    public IReadOnlyList<string> Workloads { get; init; } = [];

    /// <summary>The certificate the servers share: a Secret name (<c>ns/name</c> when the
    /// workload's namespace is known) or a file path.</summary>
    public string? Certificate { get; init; }

    /// <summary>The hosts the finding is about (for DuplicateHost: the duplicated hosts).</summary>
    public IReadOnlyList<string> Hosts { get; init; } = [];

    /// <summary>The servers involved; empty for a finding about an EnvoyFilter.</summary>
    public required IReadOnlyList<Server> Servers { get; init; }

    /// <summary>The EnvoyFilter a finding is about (a seed-like or stale 421 filter).</summary>
    public EnvoyFilter? Filter { get; init; }

    /// <summary>Further lines of explanation (a filter's known defects).</summary>
    public IReadOnlyList<string> Details { get; init; } = [];

    /// <summary><c>namespace/name</c> of this tool's 421 filter that covers the workload: browsers
    /// get 421 and reconnect instead of 404, so the finding is no longer urgent.</summary>
    public string? MitigatedBy { get; init; }

    public FixAdvice? Fix { get; init; }

    /// <summary>The kubeconfig context, when several clusters are checked.</summary>
    public string? Context { get; init; }

    /// <summary>Identity for de-duplication: the same servers and certificate found through two
    /// workloads (two ingress deployments with the same labels) are one finding.</summary>
    internal string Identity => $"{Code}|{Certificate}|{string.Join(',', Servers.Select(s => s.Key))}|{string.Join(',', Hosts)}";
}
