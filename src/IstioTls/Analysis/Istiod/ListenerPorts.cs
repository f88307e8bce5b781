using IstioTls.Model;

namespace IstioTls.Analysis.Istiod;

/// <summary>How the port Envoy listens on for a Gateway port is known.</summary>
public enum ListenerPortSource
{
    /// <summary>A Service that selects the gateway pods names the port: istiod listens on its
    /// target port.</summary>
    Service,

    /// <summary>The Services are known and none names the port: istiod binds it as written.</summary>
    AsWritten,

    /// <summary>The Services are not known (files without them, no permission to list them): the
    /// port as written is assumed, not established.</summary>
    Assumed,
}

/// <summary>The Envoy listener port for one Gateway port, and how it is known.</summary>
/// <param name="Via">The Service port that translated it (<c>Service istio-system/ingress port 443→8443</c>).</param>
public readonly record struct ListenerPort(int Number, ListenerPortSource Source, string? Via = null)
{
    public bool Established => Source != ListenerPortSource.Assumed;
}

/// <summary>
/// istiod's <c>resolvePorts</c> (pilot/pkg/model/gateway.go) for one gateway workload: a Gateway
/// port that a Service selecting the pods exposes is bound on that Service port's
/// <c>targetPort</c> (a number, or a name looked up among the pods' container ports); the first
/// such Service decides; Services labelled to disable the translation are passed over; a port
/// no Service exposes is bound as written.
/// </summary>
public sealed class ListenerPorts
{
    /// <summary>Nothing known about the Services: every port as written, assumed.</summary>
    public static readonly ListenerPorts Assumed = new([], [], known: false);

    // Worked out once per workload, not once per server: the port's description is a string.
    private readonly Dictionary<int, ListenerPort> _byGatewayPort = [];
    private readonly bool _known;

    private ListenerPorts(IReadOnlyList<Service> services, IReadOnlyList<WorkloadInstance> pods, bool known)
    {
        _known = known;
        foreach (var service in services)
        {
            if (!service.TranslatesGatewayPorts)
            {
                continue;
            }
            foreach (var port in service.Ports)
            {
                // The first Service and port that expose a Gateway port decide.
                if (!_byGatewayPort.ContainsKey(port.Port))
                {
                    _byGatewayPort[port.Port] = Translate(service, port, pods);
                }
            }
        }
    }

    private static ListenerPort Translate(Service service, ServicePort port, IReadOnlyList<WorkloadInstance> pods)
    {
        var via = $"Service {service.Key} port {port}";
        if (port.TargetName is { } name)
        {
            var named = pods.Select(p => p.NamedPorts.TryGetValue(name, out var n) ? n : 0).FirstOrDefault(n => n > 0);
            // A named target port the pods do not show (a Deployment without ports in the
            // input): the port is not established.
            return named > 0 ? new ListenerPort(named, ListenerPortSource.Service, via) : new ListenerPort(port.Port, ListenerPortSource.Assumed, via);
        }
        return new ListenerPort(port.TargetNumber ?? port.Port, ListenerPortSource.Service, via);
    }

    /// <summary>The Services in front of <paramref name="pods"/>; without pods, those whose
    /// selector every one of <paramref name="gateways"/>' selectors includes (so they select the
    /// pods those Gateways reach).</summary>
    public static ListenerPorts For(ConfigSnapshot snapshot, IReadOnlyList<WorkloadInstance> pods, IEnumerable<Gateway> gateways)
    {
        if (snapshot.Services.Count == 0 && !snapshot.ServicesKnown)
        {
            return Assumed;
        }
        List<Service> services;
        bool known;
        if (pods.Count > 0)
        {
            services = [.. snapshot.Services.Where(s => pods.Any(s.Selects))];
            known = snapshot.ServicesKnown;
        }
        else
        {
            var selective = gateways.Where(g => !g.Selector.IsEmpty).ToList();
            services = selective.Count == 0 ? [] : [.. snapshot.Services.Where(s =>
                !s.Selector.IsEmpty
                && selective.All(g => s.Selector.IsSubsetOf(g.Selector) && (g.SelectorNamespace is null || g.SelectorNamespace == s.Meta.Namespace)))];
            // Without pods, a Service missing from the input cannot be told from one that does
            // not exist: only a Service found establishes the port.
            known = services.Count > 0;
        }
        services.Sort((a, b) => string.CompareOrdinal(a.Key, b.Key));
        return new ListenerPorts(services, pods, known);
    }

    public ListenerPort Resolve(int gatewayPort) =>
        _byGatewayPort.TryGetValue(gatewayPort, out var translated) ? translated
        : new ListenerPort(gatewayPort, _known ? ListenerPortSource.AsWritten : ListenerPortSource.Assumed);
}
