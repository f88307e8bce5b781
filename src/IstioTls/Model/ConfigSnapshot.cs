namespace IstioTls.Model;

/// <summary>Everything one source (files, or one kubeconfig context) gave the analysis.</summary>
public sealed class ConfigSnapshot
{
    public IReadOnlyList<Gateway> Gateways { get; init; } = [];

    public IReadOnlyList<VirtualService> VirtualServices { get; init; } = [];

    public IReadOnlyList<EnvoyFilter> EnvoyFilters { get; init; } = [];

    public IReadOnlyList<WorkloadInstance> Workloads { get; init; } = [];

    /// <summary>The Services in front of gateway pods: istiod resolves Gateway ports to their
    /// target ports.</summary>
    public IReadOnlyList<Service> Services { get; init; } = [];

    /// <summary>True when the Services were read (listed from the cluster, or the input held
    /// Services): a Gateway port no Service names is then bound as written, for certain. False:
    /// the port a server listens on is assumed, not known.</summary>
    public bool ServicesKnown { get; init; }

    /// <summary>True when the gateway pods were listed from the cluster, for every Gateway
    /// selector: a selector that reaches none of them reaches no pod now. False from files, or
    /// when listing pods was forbidden.</summary>
    public bool PodsListed { get; init; }

    /// <summary>The Secrets servers reference, read only with <c>--inspect-certs</c>.</summary>
    public IReadOnlyList<TlsSecret> Secrets { get; init; } = [];

    /// <summary>True with <c>--inspect-certs</c>: certificates are compared by content and the
    /// certificate rules run.</summary>
    public bool CertificatesInspected { get; init; }

    public SnapshotOrigin Origin { get; init; } = SnapshotOrigin.Files;

    /// <summary>The kubeconfig context the objects came from; null for files.</summary>
    public string? Context => (Origin as ContextOrigin)?.Context;

    /// <summary>How many objects were read, of any kind (a List's items counted one by one).</summary>
    public int ObjectCount { get; init; }

    /// <summary>Objects of the kinds the analysis reads that were skipped for an invalid field
    /// (each has a warning).</summary>
    public int Skipped { get; init; }

    /// <summary>Objects that could not be read, and other things the user should know.</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];

    /// <summary>True when some objects could not be listed (RBAC): the report is incomplete.</summary>
    public bool Partial { get; init; }
}
