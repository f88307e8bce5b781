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
        var portsNoted = new HashSet<int>();
        foreach (var target in targets)
        {
            var filter = options.Mode == MisdirectedMode.Precise
                ? Precise(target, options.TargetPorts, notes, portsNoted)
                : MisdirectedEnvoyFilter.Build(target, MisdirectedMode.Strict, [new LuaPatch(null, MisdirectedLua.Strict())], null);
            if (filter is not null)
            {
                filters.Add(new PlannedFilter(target, MisdirectedEnvoyFilter.Ref(target), filter));
            }
        }
        return new Apply421Plan(filters, notes);
    }

    private static JsonObject? Precise(FilterTarget target, IReadOnlyDictionary<int, int> targetPorts, List<string> notes, HashSet<int> portsNoted)
    {
        var table = HostTable.Of(target.Gateways);
        var ports = table.Ports.Where(p => p.NeedsFilter).ToList();
        if (ports.Count == 0)
        {
            notes.Add($"gateway pods with labels {target.Selector} in namespace {target.Namespace}: no port has two servers a request could be misdirected between; no precise filter needed");
            return null;
        }
        var patches = new List<LuaPatch>();
        foreach (var port in ports)
        {
            if (!targetPorts.TryGetValue(port.Port, out var listenerPort))
            {
                listenerPort = port.Port;
                if (port.Port < 1024 && portsNoted.Add(port.Port))
                {
                    notes.Add($"precise mode matches Envoy's listener on port {port.Port}; Envoy listens on the gateway Service's targetPort for it (8443 for 443 in istioctl's default profile): if yours differs, pass --target-port {port.Port}=TARGETPORT");
                }
            }
            patches.Add(new LuaPatch(listenerPort, MisdirectedLua.Precise(port)));
        }
        return MisdirectedEnvoyFilter.Build(target, MisdirectedMode.Precise, patches, table.Hash);
    }
}
