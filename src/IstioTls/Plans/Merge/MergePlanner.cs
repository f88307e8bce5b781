using IstioTls.Analysis;
using IstioTls.Documents;
using IstioTls.Model;

namespace IstioTls.Plans.Merge;

/// <summary>
/// Plans the seed's Solution 1 for every <c>SharedCertificate</c> finding of <c>check</c> (the
/// same rule, so <c>merge</c> fixes exactly what <c>check</c> reports): the group's servers
/// become one server of the survivor Gateway, the other Gateways lose those servers (and are
/// deleted when none is left), and VirtualServices bound to them also name the survivor.
/// Planning an input that is already merged, or half merged by an interrupted run, plans only
/// what is left.
/// </summary>
public static class MergePlanner
{
    /// <param name="objects">The objects as read: the plan writes them back with only its changes.</param>
    public static MergePlan Plan(ConfigSnapshot snapshot, ObjectsAsRead objects, MergeOptions? options = null)
    {
        options ??= new MergeOptions();
        var workloadGroups = WorkloadGroups.Resolve(snapshot);
        var report = Analyzer.Check(snapshot, new CheckOptions { Namespace = options.Namespace }, workloadGroups);
        var intoGateway = options.Into is { } wanted ? snapshot.Gateways.FirstOrDefault(g => g.Meta.Namespace == wanted.Namespace && g.Meta.Name == wanted.Name) : null;
        var findings = LeftBehind.Join(
            [.. report.Findings.Where(f => f.Code == FindingCodes.SharedCertificate)],
            [.. report.Findings.Where(f => f.Code == FindingCodes.DuplicateHost)],
            intoGateway);
        var warnings = new List<string>();
        var into = Into(snapshot, options.Into, findings, warnings);

        var (merges, skipped) = GroupChoice.Choose(snapshot, objects, workloadGroups, findings, into, options.Wildcard);

        var edits = new Dictionary<Gateway, GatewayEdit>();
        GatewayEdit Edit(Gateway gateway) => edits.TryGetValue(gateway, out var edit) ? edit : edits[gateway] = new GatewayEdit(gateway, objects);
        var hostsOf = new Dictionary<Finding, (IReadOnlyList<ServerHost> Hosts, string? Note)>();
        // Gateways with a moved server that istiod still serves once the survivor is written:
        // it takes them first, or a host is spelled differently.
        var live = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (finding, merged) in merges)
        {
            var exact = MergedHosts.Union(merged, finding.Servers);
            string? note = null;
            var hosts = options.Wildcard && WildcardHost.TryCollapse(exact, GroupChoice.Neighbours(workloadGroups, finding, merged), out note) is { } wildcard ? [wildcard] : exact;
            hostsOf[finding] = (hosts, note);
            Edit(merged.Gateway).Merge(merged, exact, hosts, [.. finding.Servers.Select(s => s.Gateway.Key).Distinct()]);
            var written = exact.Select(h => h.IstiodForm(merged.Gateway.Meta.Namespace)).ToHashSet(StringComparer.Ordinal);
            foreach (var server in finding.Servers.Where(s => s != merged))
            {
                Edit(server.Gateway).Remove(server, merged.Gateway);
                if (server.Gateway == merged.Gateway)
                {
                    continue;
                }
                if (GatewayOrder.Instance.Compare(server.Gateway, merged.Gateway) < 0)
                {
                    live.Add(server.Gateway.Key);
                    warnings.Add($"istiod takes {server.Gateway.Key} before {merged.Gateway.Key} (older, or first by name): while both list the same hosts it skips the merged server, so from writing {merged.Gateway.Key} until {server.Gateway.Key} loses its server the merged server's hosts are not served; merging into the oldest Gateway avoids that");
                }
                else if (!server.Hosts.Any(h => written.Contains(h.IstiodForm(server.Gateway.Meta.Namespace))))
                {
                    live.Add(server.Gateway.Key);
                }
            }
        }

        var survivorsOf = edits.Values.Where(e => e.GivesTo.Count > 0).ToDictionary(e => e.Gateway.Key, e => e.GivesTo, StringComparer.Ordinal);
        var deleted = edits.Values.Where(e => e.IsEmptied).Select(e => e.Gateway.Key).ToHashSet(StringComparer.Ordinal);
        var references = new GatewayReferences(objects, survivorsOf, deleted);
        var repointed = snapshot.VirtualServices.Where(references.Concerns).OrderBy(v => v.Key, StringComparer.Ordinal).ToList();

        var groups = merges.Select(c =>
        {
            var absorbed = c.Finding.Servers.Select(s => s.Gateway).Where(g => g != c.Merged.Gateway).Distinct().Order(GatewayOrder.Instance).ToList();
            var absorbedKeys = absorbed.Select(g => g.Key).ToHashSet(StringComparer.Ordinal);
            return new MergeGroup
            {
                Finding = c.Finding,
                Survivor = c.Merged.Gateway,
                MergedServer = c.Merged,
                Hosts = [.. hostsOf[c.Finding].Hosts.Select(h => h.ToString())],
                VirtualServices = [.. repointed.Where(v => v.GatewayReferences.Any(r => v.ResolveGateway(r.Name) is { } key && absorbedKeys.Contains(key)))],
                Updated = [.. absorbed.Where(g => !edits[g].IsEmptied)],
                Deleted = [.. absorbed.Where(g => edits[g].IsEmptied)],
                WildcardNote = hostsOf[c.Finding].Note,
            };
        }).ToList();

        return WriteOrder.Build(objects, groups, skipped, warnings.Distinct().ToList(), [.. edits.Values], repointed, references, live);
    }

    private static Gateway? Into(ConfigSnapshot snapshot, NamespacedName? into, IReadOnlyList<Finding> findings, List<string> warnings)
    {
        if (into is null)
        {
            return null;
        }
        var gateway = snapshot.Gateways.FirstOrDefault(g => g.Meta.Namespace == into.Namespace && g.Meta.Name == into.Name)
            ?? throw new PlanException($"--into {into}: no such Gateway in the input");
        if (!findings.Any(f => f.Servers.Any(s => s.Gateway == gateway)))
        {
            warnings.Add($"--into {into}: that Gateway holds none of the servers that share a certificate; each group merges into its oldest Gateway");
        }
        return gateway;
    }
}
