using System.Text.Json.Nodes;
using IstioTls.Analysis.Misdirected;
using IstioTls.Model;

namespace IstioTls.Plans.Misdirected;

/// <summary>One EnvoyFilter to install, and the workload it protects.</summary>
public sealed record PlannedFilter(FilterTarget Target, ObjectRef Ref, JsonObject Object);

/// <summary>The filters <c>apply-421</c> installs, and what the user should know about them.</summary>
public sealed record Apply421Plan(IReadOnlyList<PlannedFilter> Filters, IReadOnlyList<string> Notes);

/// <summary>Builds the 421 EnvoyFilter of every target workload in the chosen mode.</summary>
public static class Apply421Planner
{
    public static Apply421Plan Plan(ConfigSnapshot snapshot, Apply421Options options)
    {
        var notes = new List<string>();
        var targets = FilterTargets.Resolve(snapshot, options, notes);
        if (targets.Count == 0 && options.Selector is null)
        {
            notes.Add(options.All
                ? "no gateway workload terminates TLS: nothing to protect"
                : "no gateway workload has servers sharing a certificate (check finds no SharedCertificate): nothing to do; --all or --selector install the filter anyway");
        }
        var filters = new List<PlannedFilter>();
        foreach (var target in targets)
        {
            var filter = options.Mode == MisdirectedMode.Precise
                ? Precise(target, options.TargetPorts, notes)
                : MisdirectedEnvoyFilter.Build(target, MisdirectedMode.Strict, [new LuaPatch(null, MisdirectedLua.Strict())], null);
            if (filter is not null)
            {
                filters.Add(new PlannedFilter(target, MisdirectedEnvoyFilter.Ref(target), filter));
            }
        }
        return new Apply421Plan(filters, notes);
    }

    private static JsonObject? Precise(FilterTarget target, IReadOnlyDictionary<int, int> targetPorts, List<string> notes)
    {
        var table = HostTable.Of(target.Merged);
        var ports = table.Ports.Where(p => p.NeedsFilter).ToList();
        if (ports.Count == 0)
        {
            notes.Add($"gateway pods with labels {target.Selector} in namespace {target.Namespace}: no port has two servers a request could be misdirected between; no precise filter needed");
            return null;
        }
        var patches = new List<LuaPatch>();
        foreach (var port in ports)
        {
            // --target-port says it outright; else an EnvoyFilter's portNumber must be the port
            // Envoy listens on, which istiod takes from the gateway Service's targetPort: a guess
            // that is wrong matches no listener, and the filter then protects nothing while
            // looking installed.
            if (!targetPorts.TryGetValue(port.Port, out var listenerPort))
            {
                listenerPort = port.Port;
                if (!port.Established)
                {
                    throw new PlanException($"gateway pods with labels {target.Selector} in namespace {target.Namespace}, port {port.Port}: the port Envoy listens on is not known (no Service in front of the pods was read); pass --target-port {port.Port}=TARGETPORT, or include the gateway Service (kubectl get service -n {target.Namespace} -o yaml)");
                }
            }
            patches.Add(new LuaPatch(listenerPort, MisdirectedLua.Precise(port), port.Listener.Bind is null ? null : (port.Listener with { Port = listenerPort }).EnvoyName));
        }
        return MisdirectedEnvoyFilter.Build(target, MisdirectedMode.Precise, patches, table.Hash);
    }
}
