using IstioTls.Analysis.Misdirected;
using IstioTls.Model;

namespace IstioTls.Plans.Misdirected;

/// <summary>Which gateway workloads get a 421 filter, and how it decides.</summary>
public sealed record Apply421Options
{
    public MisdirectedMode Mode { get; init; } = MisdirectedMode.Strict;

    /// <summary>Every gateway workload that terminates TLS, not only those <c>check</c> finds at risk.</summary>
    public bool All { get; init; }

    /// <summary>One workload, by the labels of its pods (<c>--selector</c>).</summary>
    public LabelSet? Selector { get; init; }

    /// <summary>The workloads' namespace: where pods tell another one, the workload is left out;
    /// where nothing tells, the filter goes here instead of the oldest Gateway's namespace.</summary>
    public string? Namespace { get; init; }

    /// <summary>Gateway server port to the port Envoy listens on (the gateway Service's
    /// <c>targetPort</c>), for precise mode's per-port listener match.</summary>
    public IReadOnlyDictionary<int, int> TargetPorts { get; init; } = new Dictionary<int, int>();
}
