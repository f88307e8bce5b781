using IstioTls.Analysis.Rules;
using IstioTls.Model;

namespace IstioTls.Analysis;

/// <summary>What to report: <see cref="Namespace"/> limits the report (not the analysis) to
/// findings that involve that namespace, because conflicts cross namespaces.</summary>
public sealed record CheckOptions
{
    public string? Namespace { get; init; }

    /// <summary>Certificates that expire within this are CertificateExpiring (<c>--expiry-warning</c>).</summary>
    public TimeSpan ExpiryWarning { get; init; } = TimeSpan.FromDays(30);

    /// <summary>Istio's root namespace (<c>meshConfig.rootNamespace</c>): an EnvoyFilter there
    /// applies to proxies in every namespace, elsewhere only to its own namespace's.</summary>
    public string RootNamespace { get; init; } = "istio-system";

    /// <summary>The time certificates are checked against; null: now.</summary>
    public DateTimeOffset? Now { get; init; }
}

/// <summary>
/// The judge, in stages: group the Gateways by the gateway workload they reach, run the rules on
/// each group and on the EnvoyFilters, mitigate what a current 421 filter covers, set aside what
/// is suppressed, limit the report to the namespace asked for, and order it.
/// </summary>
public static class Analyzer
{
    /// <param name="groups">The snapshot's workload groups, when the caller resolved them already
    /// (merge and apply-421 use them too); else they are resolved here.</param>
    public static CheckReport Check(ConfigSnapshot snapshot, CheckOptions? options = null, WorkloadGroups? groups = null)
    {
        options ??= new CheckOptions();
        groups ??= WorkloadGroups.Resolve(snapshot);
        var certificates = CertificateCatalog.For(snapshot);
        var onWorkloads = WorkloadRules.Find(groups, certificates, options.Now ?? DateTimeOffset.UtcNow, options.ExpiryWarning, snapshot.Context, ToolCommand.For(snapshot.Origin));
        var onFilters = FilterRules(snapshot, onWorkloads, groups, options.RootNamespace);
        var (reported, suppressed) = Suppress([.. Mitigation.Apply(snapshot, onWorkloads, options.RootNamespace), .. onFilters]);
        var sameAs = (snapshot.Origin as ContextOrigin)?.SameAs ?? [];
        return new CheckReport
        {
            Findings = Order(LimitToNamespace(reported, options.Namespace).Select(f => f with { SameAs = sameAs })),
            Suppressed = Order(LimitToNamespace(suppressed, options.Namespace).Select(f => f with { SameAs = sameAs })),
            Checked = Counts(snapshot),
            Warnings = [.. snapshot.Warnings, .. certificates.Warnings(snapshot, groups)],
            Partial = snapshot.Partial,
            Contexts = snapshot.Context is null ? [] : [snapshot.Context, .. sameAs],
            SameAs = sameAs.Count == 0 ? [] : [[snapshot.Context!, .. sameAs]],
        };
    }

    /// <summary>The findings about EnvoyFilters, with their context as every other finding has it.</summary>
    private static IEnumerable<Finding> FilterRules(ConfigSnapshot snapshot, IReadOnlyList<Finding> onWorkloads, WorkloadGroups groups, string rootNamespace) =>
        ((IEnumerable<Finding>)[
            .. StaleMisdirectedFilterRule.Find(snapshot),
            .. SeedMisdirectedFilterRule.Find(snapshot),
            .. UnneededMisdirectedFilterRule.Find(snapshot, onWorkloads, rootNamespace),
            .. UnmatchedMisdirectedFilterRule.Find(snapshot),
        ]).Select(f => f with { Context = snapshot.Context });

    /// <summary>Findings on a Gateway or EnvoyFilter whose ignore annotation names their code are
    /// counted, not reported.</summary>
    private static (IReadOnlyList<Finding> Reported, IReadOnlyList<Finding> Suppressed) Suppress(IReadOnlyList<Finding> findings) =>
        ([.. findings.Where(f => !Suppression.IsSuppressed(f))], [.. findings.Where(Suppression.IsSuppressed)]);

    /// <summary>Conflicts cross namespaces, so the analysis sees everything and only the report is
    /// limited: to findings with a server, an EnvoyFilter or a workload in the namespace.</summary>
    private static IEnumerable<Finding> LimitToNamespace(IEnumerable<Finding> findings, string? ns) =>
        ns is null ? findings : findings.Where(f => Involves(f, ns));

    private static bool Involves(Finding finding, string ns) =>
        finding.Servers.Any(s => s.Gateway.Meta.Namespace == ns)
        || (finding.Detail is MisdirectedFilterDetail filter && filter.Filter.Meta.Namespace == ns)
        || finding.Workloads.Any(w => w.StartsWith(ns + "/", StringComparison.Ordinal));

    private static IReadOnlyList<Finding> Order(IEnumerable<Finding> findings) => [.. findings.Order(FindingOrder.Instance)];

    private static CheckedCounts Counts(ConfigSnapshot snapshot) => new(
        snapshot.Gateways.Count,
        snapshot.Gateways.Sum(g => g.Servers.Count),
        snapshot.VirtualServices.Count,
        snapshot.EnvoyFilters.Count,
        snapshot.Workloads.Select(w => w.WorkloadKey).Distinct(StringComparer.Ordinal).Count(),
        snapshot.Skipped);
}
