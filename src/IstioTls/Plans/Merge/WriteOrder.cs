using System.Text.Json.Nodes;
using IstioTls.Analysis;
using IstioTls.Documents;
using IstioTls.Model;

namespace IstioTls.Plans.Merge;

/// <summary>
/// Turns the edits into objects and into writes in an order that never leaves a host unserved:
/// <list type="number">
/// <item>VirtualServices also name the survivor (old names kept): harmless before the survivor
/// serves their hosts, and it routes them the moment it does;</item>
/// <item>survivor Gateways get the merged server, with every host (a wildcard comes last);
/// istiod now skips the absorbed servers, which list hosts the older merged server has;</item>
/// <item>the other Gateways lose the moved servers and keep others;</item>
/// <item>VirtualServices drop the names of Gateways about to be deleted whose servers istiod
/// already skips;</item>
/// <item>Gateways left without servers are deleted;</item>
/// <item>VirtualServices drop the names of the other deleted Gateways, whose servers istiod
/// served until they were deleted (<c>--into</c> a Gateway istiod takes later);</item>
/// <item>merged servers get their wildcard: written earlier, it would stop shadowing the
/// absorbed servers, whose exact hosts win the SNI match, without their routes. A group whose
/// servers are all in the survivor gets it in step 2 already.</item>
/// </list>
/// Writing the VirtualServices only after the survivor, as one write, would leave their hosts
/// without routes in between: the survivor's server takes the hosts, but its route table has
/// only the VirtualServices that name it. Dropping names before the delete keeps every step
/// visible to a re-run: once a Gateway is gone, nothing tells that a name of it was merged.
/// <para>A survivor can also give a server to another group's survivor (c gives to a, a gives to
/// b). Steps 1 and 2 then go in rounds, the survivors that give nothing first: a VirtualService
/// names a only after a has given its server to b. Otherwise a re-run after a stop would find a
/// VirtualService naming a, which a still gives a server to b, and name b there too: a name the
/// uninterrupted run never writes, binding that VirtualService to b's other hosts.</para>
/// </summary>
internal static class WriteOrder
{
    public static MergePlan Build(
        ObjectsAsRead objects,
        IReadOnlyList<MergeGroup> groups,
        IReadOnlyList<SkippedGroup> skipped,
        IReadOnlyList<string> warnings,
        IReadOnlyList<GatewayEdit> edits,
        IReadOnlyList<VirtualService> virtualServices,
        GatewayReferences references,
        IReadOnlySet<string> live)
    {
        var ordered = Survivors(edits);
        var rounds = Rounds(ordered);
        var lastRound = rounds.Values.DefaultIfEmpty(0).Max();
        var survivors = ordered.Select(e => Change(e, PlannedRole.Survivor)).OfType<GatewayChange>().ToList();
        var absorbed = edits.Where(e => !e.IsSurvivor && !e.IsEmptied).Order(EditOrder.Instance).Select(e => Change(e, PlannedRole.Absorbed)).OfType<GatewayChange>().ToList();
        var emptied = edits.Where(e => e.IsEmptied).Order(EditOrder.Instance).ToList();
        var rebinds = virtualServices.Select(vs => Rebind(objects.Of(vs), vs, references, rounds, lastRound)).OfType<VirtualServiceChange>().ToList();
        // Survivors that give servers away and that a VirtualService is to name: they shed those
        // servers before the round that names them. Without such a VirtualService, their one
        // survivor write does both.
        var shedding = survivors
            .Where(c => rounds[c.Edit.Gateway.Key] > 0 && rebinds.Any(r => r.Binds.Any(b => b.Added.Contains(c.Edit.Gateway.Key))))
            .ToHashSet();

        var steps = new List<PlanStep>();
        for (var round = 0; round <= lastRound; round++)
        {
            foreach (var vs in rebinds)
            {
                foreach (var bind in vs.Binds.Where(b => b.Round == round))
                {
                    steps.Add(Replace(StepKind.Bind, vs.Planned.Original, bind.Spec, vs.Target, $"VirtualService {vs.Source.Key}: also name {string.Join(", ", bind.Added)}"));
                }
            }
            foreach (var change in survivors.Where(c => rounds[c.Edit.Gateway.Key] == round))
            {
                var exact = change.Edit.Spec(final: false);
                if (!JsonNode.DeepEquals(exact, change.Edit.Original["spec"]))
                {
                    steps.Add(Replace(StepKind.Survivor, change.Edit.Original, exact, change.Planned.Target, Describe(change.Edit, final: false, shed: shedding.Contains(change))));
                }
            }
            foreach (var change in survivors.Where(c => shedding.Contains(c) && rounds[c.Edit.Gateway.Key] == round + 1))
            {
                steps.Add(Replace(StepKind.Absorbed, change.Edit.Original, change.Edit.Shed(), change.Planned.Target, DescribeShed(change.Edit)));
            }
        }
        foreach (var change in absorbed)
        {
            steps.Add(Replace(StepKind.Absorbed, change.Edit.Original, change.Spec, change.Planned.Target, Describe(change.Edit)));
        }
        var unbinds = rebinds.Where(r => r.Unbind is not null).ToLookup(r => r.Dropped.Any(live.Contains));
        foreach (var vs in unbinds[false])
        {
            steps.Add(Unbind(vs, "to be deleted"));
        }
        foreach (var edit in emptied)
        {
            var gateway = edit.Gateway;
            steps.Add(new PlanStep(StepKind.Delete, gateway.Ref, null, gateway.Meta.ResourceVersion,
                $"Gateway {gateway.Key}: delete (its servers moved to {string.Join(", ", edit.GivesTo)})"));
        }
        foreach (var vs in unbinds[true])
        {
            steps.Add(Unbind(vs, "deleted"));
        }
        foreach (var change in survivors.Where(c => c.Edit.HasWildcard))
        {
            steps.Add(Replace(StepKind.Wildcard, change.Edit.Original, change.Spec, change.Planned.Target, Describe(change.Edit, final: true)) with { WildcardGroups = [.. change.Edit.WildcardGroups] });
        }

        return new MergePlan
        {
            Groups = groups,
            Apply = [.. survivors.Select(c => c.Planned), .. rebinds.Select(r => r.Planned), .. absorbed.Select(c => c.Planned)],
            Delete = [.. emptied.Select(e => new PlannedDeletion(e.Gateway.Ref, e.Original))],
            Skipped = skipped,
            Steps = steps,
            Warnings = warnings,
        };
    }

    private sealed record GatewayChange(GatewayEdit Edit, JsonNode Spec, PlannedObject Planned);

    private sealed record VirtualServiceChange(
        VirtualService Source, ObjectRef Target, PlannedObject Planned,
        IReadOnlyList<BindWrite> Binds, JsonNode? Unbind, IReadOnlyList<string> Dropped);

    /// <summary>A VirtualService write that adds the names of one round's survivors.</summary>
    private sealed record BindWrite(int Round, JsonNode Spec, IReadOnlyList<string> Added);

    private static GatewayChange? Change(GatewayEdit edit, PlannedRole role)
    {
        var gateway = edit.Gateway;
        var spec = edit.Spec();
        if (JsonNode.DeepEquals(spec, edit.Original["spec"]))
        {
            // Already merged (a run that was interrupted after writing this survivor).
            return null;
        }
        var planned = new PlannedObject(gateway.Ref, role, edit.Original,
            ManifestObjects.ForApply(ManifestObjects.WithSpec(edit.Original, spec), gateway.Meta.Namespace));
        return new GatewayChange(edit, spec, planned);
    }

    private static VirtualServiceChange? Rebind(JsonObject read, VirtualService vs, GatewayReferences references, IReadOnlyDictionary<string, int> rounds, int lastRound)
    {
        var original = read["spec"];
        var final = references.Rewrite(vs, keepDeleted: false);
        if (JsonNode.DeepEquals(final, original))
        {
            return null;
        }
        var binds = new List<BindWrite>();
        var bound = original;
        var during = Names(vs, original);
        for (var round = 0; round <= lastRound; round++)
        {
            var upTo = round;
            var spec = (round == lastRound ? references : references.Only(s => rounds[s] <= upTo)).Rewrite(vs, keepDeleted: true);
            if (!JsonNode.DeepEquals(spec, bound))
            {
                var names = Names(vs, spec);
                binds.Add(new BindWrite(round, spec!, [.. names.Except(during)]));
                (bound, during) = (spec, names);
            }
        }
        var after = Names(vs, final);
        var target = vs.Ref;
        var planned = new PlannedObject(target, PlannedRole.VirtualService, read,
            ManifestObjects.ForApply(ManifestObjects.WithSpec(read, final), vs.Meta.Namespace));
        var unbinds = !JsonNode.DeepEquals(final, bound);
        return new VirtualServiceChange(vs, target, planned, binds, unbinds ? final : null, [.. during.Except(after)]);
    }

    /// <summary>The Gateways a spec names, resolved, in order of first mention.</summary>
    private static List<string> Names(VirtualService vs, JsonNode? spec)
    {
        var names = new List<string>();
        void Collect(JsonNode? list)
        {
            foreach (var item in (list as JsonArray ?? []).OfType<JsonValue>())
            {
                if (item.TryGetValue(out string? name) && vs.ResolveGateway(name) is { } key && !names.Contains(key))
                {
                    names.Add(key);
                }
            }
        }
        foreach (var (_, list) in GatewayReferences.Lists(spec))
        {
            Collect(list);
        }
        return names;
    }

    private static PlanStep Unbind(VirtualServiceChange vs, string why) =>
        Replace(StepKind.Unbind, vs.Planned.Original, vs.Unbind!, vs.Target, $"VirtualService {vs.Source.Key}: drop {string.Join(", ", vs.Dropped)} ({why})") with { Dropped = vs.Dropped };

    private static PlanStep Replace(StepKind kind, JsonObject raw, JsonNode spec, ObjectRef target, string description) =>
        new(kind, target, ManifestObjects.WithSpec(raw, spec), ManifestObjects.ResourceVersion(raw), description);

    /// <summary>What a write does; <paramref name="shed"/>: the servers given away were removed by
    /// an earlier write.</summary>
    private static string Describe(GatewayEdit edit, bool final = true, bool shed = false)
    {
        var parts = edit.Merged.Select(m => $"server {m.Index} serves {string.Join(", ", final ? m.Final : m.First)}").ToList();
        var removed = (shed ? edit.Removed.Except(edit.GivenAway) : edit.Removed).ToList();
        if (removed.Count > 0 && !(final && edit.IsSurvivor))
        {
            var moved = shed || edit.GivesTo.Count == 0 ? "" : $" (moved to {string.Join(", ", edit.GivesTo)})";
            parts.Add($"remove server{(removed.Count == 1 ? "" : "s")} {string.Join(", ", removed)}{moved}");
        }
        if (!edit.IsSurvivor)
        {
            parts.Add($"keep {edit.ServersLeft} server{(edit.ServersLeft == 1 ? "" : "s")}");
        }
        return $"Gateway {edit.Gateway.Key}: {string.Join("; ", parts)}";
    }

    private static string DescribeShed(GatewayEdit edit)
    {
        var given = edit.GivenAway.ToList();
        return $"Gateway {edit.Gateway.Key}: remove server{(given.Count == 1 ? "" : "s")} {string.Join(", ", given)} (moved to {string.Join(", ", edit.GivesTo)}) before it gets its merged server";
    }

    /// <summary>Each survivor's round: 0 when it gives no server away, else one more than the
    /// latest round of the survivors it gives to (<paramref name="ordered"/> has those first;
    /// istiod's order makes a cycle impossible, and one would count as round 0).</summary>
    private static Dictionary<string, int> Rounds(IReadOnlyList<GatewayEdit> ordered)
    {
        var rounds = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var edit in ordered)
        {
            rounds[edit.Gateway.Key] = edit.GivesTo.Select(key => rounds.TryGetValue(key, out var r) ? r + 1 : 0).DefaultIfEmpty(0).Max();
        }
        return rounds;
    }

    /// <summary>Survivors in an order where a survivor that also gives a server to another
    /// survivor comes after it; otherwise oldest first.</summary>
    private static List<GatewayEdit> Survivors(IReadOnlyList<GatewayEdit> edits)
    {
        var pending = edits.Where(e => e.IsSurvivor).Order(EditOrder.Instance).ToList();
        var ordered = new List<GatewayEdit>();
        while (pending.Count > 0)
        {
            var next = pending.FirstOrDefault(e => !e.GivesTo.Any(key => pending.Any(p => p != e && p.Gateway.Key == key))) ?? pending[0];
            ordered.Add(next);
            pending.Remove(next);
        }
        return ordered;
    }

    private sealed class EditOrder : IComparer<GatewayEdit>
    {
        public static readonly EditOrder Instance = new();

        public int Compare(GatewayEdit? x, GatewayEdit? y) => GatewayOrder.Instance.Compare(x?.Gateway, y?.Gateway);
    }
}
