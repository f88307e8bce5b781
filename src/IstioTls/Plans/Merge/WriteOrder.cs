using System.Text.Json.Nodes;
using IstioTls.Analysis;
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
/// absorbed servers, whose exact hosts win the SNI match, without their routes.</item>
/// </list>
/// Writing the VirtualServices only after the survivor, as one write, would leave their hosts
/// without routes in between: the survivor's server takes the hosts, but its route table has
/// only the VirtualServices that name it. Dropping names before the delete keeps every step
/// visible to a re-run: once a Gateway is gone, nothing tells that a name of it was merged.
/// </summary>
internal static class WriteOrder
{
    public static MergePlan Build(
        IReadOnlyList<MergeGroup> groups,
        IReadOnlyList<SkippedGroup> skipped,
        IReadOnlyList<string> warnings,
        IReadOnlyList<GatewayEdit> edits,
        IReadOnlyList<VirtualService> virtualServices,
        GatewayReferences references,
        IReadOnlySet<string> live)
    {
        var survivors = Survivors(edits).Select(e => Change(e, PlannedRole.Survivor)).OfType<GatewayChange>().ToList();
        var absorbed = edits.Where(e => !e.IsSurvivor && !e.IsEmptied).Order(EditOrder.Instance).Select(e => Change(e, PlannedRole.Absorbed)).OfType<GatewayChange>().ToList();
        var emptied = edits.Where(e => e.IsEmptied).Order(EditOrder.Instance).ToList();
        var rebinds = virtualServices.Select(vs => Rebind(vs, references)).OfType<VirtualServiceChange>().ToList();

        var steps = new List<PlanStep>();
        foreach (var vs in rebinds.Where(r => r.Bind is not null))
        {
            steps.Add(Replace(StepKind.Bind, vs.Source.Raw, vs.Bind!, vs.Target, $"VirtualService {vs.Source.Key}: also name {string.Join(", ", vs.Added)}"));
        }
        foreach (var change in survivors)
        {
            var exact = change.Edit.Spec(final: false);
            if (!JsonNode.DeepEquals(exact, change.Edit.Gateway.Raw["spec"]))
            {
                steps.Add(Replace(StepKind.Survivor, change.Edit.Gateway.Raw, exact, change.Planned.Target, Describe(change.Edit, final: false)));
            }
        }
        foreach (var change in absorbed)
        {
            steps.Add(Replace(StepKind.Absorbed, change.Edit.Gateway.Raw, change.Spec, change.Planned.Target, Describe(change.Edit)));
        }
        var unbinds = rebinds.Where(r => r.Unbind is not null).ToLookup(r => r.Dropped.Any(live.Contains));
        foreach (var vs in unbinds[false])
        {
            steps.Add(Unbind(vs, "to be deleted"));
        }
        foreach (var edit in emptied)
        {
            var gateway = edit.Gateway;
            steps.Add(new PlanStep(StepKind.Delete, GatewayRef(gateway), null, gateway.Meta.ResourceVersion,
                $"Gateway {gateway.Key}: delete (its servers moved to {string.Join(", ", edit.GivesTo)})"));
        }
        foreach (var vs in unbinds[true])
        {
            steps.Add(Unbind(vs, "deleted"));
        }
        foreach (var change in survivors.Where(c => c.Edit.HasWildcard))
        {
            steps.Add(Replace(StepKind.Wildcard, change.Edit.Gateway.Raw, change.Spec, change.Planned.Target, Describe(change.Edit, final: true)));
        }

        return new MergePlan
        {
            Groups = groups,
            Apply = [.. survivors.Select(c => c.Planned), .. rebinds.Select(r => r.Planned), .. absorbed.Select(c => c.Planned)],
            Delete = [.. emptied.Select(e => new PlannedDeletion(GatewayRef(e.Gateway), e.Gateway.Raw))],
            Skipped = skipped,
            Steps = steps,
            Warnings = warnings,
        };
    }

    private sealed record GatewayChange(GatewayEdit Edit, JsonNode Spec, PlannedObject Planned);

    private sealed record VirtualServiceChange(
        VirtualService Source, Cluster.ObjectRef Target, PlannedObject Planned,
        JsonNode? Bind, IReadOnlyList<string> Added, JsonNode? Unbind, IReadOnlyList<string> Dropped);

    private static GatewayChange? Change(GatewayEdit edit, PlannedRole role)
    {
        var gateway = edit.Gateway;
        var spec = edit.Spec();
        if (JsonNode.DeepEquals(spec, gateway.Raw["spec"]))
        {
            // Already merged (a run that was interrupted after writing this survivor).
            return null;
        }
        var planned = new PlannedObject(GatewayRef(gateway), role, gateway.Raw,
            ManifestObjects.ForApply(ManifestObjects.WithSpec(gateway.Raw, spec), gateway.Meta.Namespace));
        return new GatewayChange(edit, spec, planned);
    }

    private static VirtualServiceChange? Rebind(VirtualService vs, GatewayReferences references)
    {
        var original = vs.Raw["spec"];
        var final = references.Rewrite(vs, keepDeleted: false);
        if (JsonNode.DeepEquals(final, original))
        {
            return null;
        }
        var bind = references.Rewrite(vs, keepDeleted: true);
        var before = Names(vs, original);
        var during = Names(vs, bind);
        var after = Names(vs, final);
        var target = ManifestObjects.Ref(vs.ApiVersion, "VirtualService", vs.Meta);
        var planned = new PlannedObject(target, PlannedRole.VirtualService, vs.Raw,
            ManifestObjects.ForApply(ManifestObjects.WithSpec(vs.Raw, final), vs.Meta.Namespace));
        var binds = !JsonNode.DeepEquals(bind, original);
        var unbinds = !JsonNode.DeepEquals(final, bind);
        return new VirtualServiceChange(vs, target, planned,
            binds ? bind : null, [.. during.Except(before)],
            unbinds ? final : null, [.. during.Except(after)]);
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
        Collect(spec?["gateways"]);
        foreach (var section in (string[])["http", "tls", "tcp"])
        {
            foreach (var route in (spec?[section] as JsonArray ?? []).OfType<JsonObject>())
            {
                foreach (var match in (route["match"] as JsonArray ?? []).OfType<JsonObject>())
                {
                    Collect(match["gateways"]);
                }
            }
        }
        return names;
    }

    private static PlanStep Unbind(VirtualServiceChange vs, string why) =>
        Replace(StepKind.Unbind, vs.Source.Raw, vs.Unbind!, vs.Target, $"VirtualService {vs.Source.Key}: drop {string.Join(", ", vs.Dropped)} ({why})") with { Dropped = vs.Dropped };

    private static PlanStep Replace(StepKind kind, JsonObject raw, JsonNode spec, Cluster.ObjectRef target, string description) =>
        new(kind, target, ManifestObjects.WithSpec(raw, spec), ManifestObjects.ResourceVersion(raw), description);

    private static string Describe(GatewayEdit edit, bool final = true)
    {
        var parts = edit.Merged.Select(m => $"server {m.Index} serves {string.Join(", ", final ? m.Final : m.Exact)}").ToList();
        var removed = edit.Removed.ToList();
        if (removed.Count > 0 && !(final && edit.IsSurvivor))
        {
            var moved = edit.GivesTo.Count == 0 ? "" : $" (moved to {string.Join(", ", edit.GivesTo)})";
            parts.Add($"remove server{(removed.Count == 1 ? "" : "s")} {string.Join(", ", removed)}{moved}");
        }
        if (!edit.IsSurvivor)
        {
            parts.Add($"keep {edit.ServersLeft} server{(edit.ServersLeft == 1 ? "" : "s")}");
        }
        return $"Gateway {edit.Gateway.Key}: {string.Join("; ", parts)}";
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

    private static Cluster.ObjectRef GatewayRef(Gateway gateway) => ManifestObjects.Ref(gateway.ApiVersion, "Gateway", gateway.Meta);

    private sealed class EditOrder : IComparer<GatewayEdit>
    {
        public static readonly EditOrder Instance = new();

        public int Compare(GatewayEdit? x, GatewayEdit? y) => GatewayOrder.Instance.Compare(x?.Gateway, y?.Gateway);
    }
}
