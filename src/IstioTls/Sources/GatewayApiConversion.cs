using IstioTls.Model;

namespace IstioTls.Sources;

/// <summary>
/// istiod's conversion of Gateway API objects into gateway servers (pilot/pkg/config/kube/gateway:
/// gateway_collection.go, conversion.go buildListener and buildTLS), for Gateways of an Istio
/// GatewayClass and the ListenerSets attached to them:
/// <list type="bullet">
/// <item>each listener is one server on the Gateway's own deployment (pods labelled
/// <c>gateway.networking.k8s.io/gateway-name</c> in its namespace); an HTTPS or TLS listener
/// without <c>tls</c> builds none;</item>
/// <item>istiod makes each listener an Istio Gateway named by the listener, so within a Gateway
/// listeners merge by name (<see cref="Server.MergeRank"/>);</item>
/// <item><c>tls.options</c> <c>gateway.istio.io/tls-terminate-mode</c>: ISTIO_MUTUAL and
/// ISTIO_SIMPLE serve the mesh certificate and ignore certificateRefs; MUTUAL and
/// OPTIONAL_MUTUAL set the mode; a CA certificate in the Gateway's <c>spec.tls.frontend</c>
/// makes the listeners of that port MUTUAL;</item>
/// <item>a certificateRef to another namespace counts only with a ReferenceGrant there; refused
/// references leave the listener without that certificate;</item>
/// <item>a ListenerSet's listeners go to its parent's pods when the parent's
/// <c>allowedListeners</c> admits its namespace; a listener istiod would not program is left out.</item>
/// </list>
/// What istiod reports in status or logs, and the tool would otherwise silently model
/// differently, becomes a warning.
/// </summary>
internal sealed class GatewayApiConversion(
    IReadOnlyList<GatewayApiGateway> gateways,
    IReadOnlyList<GatewayApiListenerSet> listenerSets,
    IReadOnlyList<ReferenceGrantRule> grants,
    bool grantsKnown,
    Func<string, bool> isIstioClass,
    IReadOnlyList<Service>? services = null)
{
    private const string ListenerSetKind = Gateway.ListenerSetKind;

    private readonly List<string> _warnings = [];

    public IReadOnlyList<string> Warnings => _warnings;

    /// <summary>The pods a Gateway's listeners run on: those of the deployment istiod creates for
    /// it, or, for an unmanaged Gateway with a <c>Hostname</c> address, those the named Service
    /// selects (istiod's gateway-service annotation), beside the Istio Gateways there.</summary>
    private (LabelSet Selector, string Namespace) Pods(GatewayApiGateway spec)
    {
        var own = (LabelSet.Of((Gateway.GatewayNameLabel, spec.Meta.Name)), spec.Meta.Namespace);
        if (spec.Managed || spec.AddressService is not { } address)
        {
            return own;
        }
        if (services?.FirstOrDefault(s => s.Meta.Namespace == address.Namespace && s.Meta.Name == address.Name && !s.Selector.IsEmpty) is { } service)
        {
            return (service.Selector, service.Meta.Namespace);
        }
        _warnings.Add($"{spec.Source}: Gateway API Gateway {spec.Meta.Key} runs on the pods of Service {address} (spec.addresses), which is not in the input: include it (kubectl get service -n {address.Namespace} {address.Name} -o yaml) to check its listeners with the Gateways on those pods");
        return own;
    }

    public List<Gateway> Convert()
    {
        var result = new List<Gateway>();
        var istio = gateways.Where(g => isIstioClass(g.ClassName)).ToList();
        foreach (var spec in istio)
        {
            var (selector, selectorNamespace) = Pods(spec);
            var gateway = new Gateway
            {
                ApiVersion = spec.ApiVersion,
                Meta = spec.Meta,
                Selector = selector,
                SelectorNamespace = selectorNamespace,
                Source = spec.Source,
                Managed = spec.Managed,
            };
            // istiod keeps a Gateway's listener whose references it refused: it serves it
            // without that certificate (gateway_collection.go: only a nil server is skipped).
            var ranks = Ranks(spec.Listeners);
            gateway.SetServers([.. spec.Listeners.Select(l => Listener(gateway, "Gateway", spec, l, l.Port!.Value, ranks).Server).OfType<Server>()]);
            result.Add(gateway);
        }
        var parents = istio.ToDictionary(g => new NamespacedName(g.Meta.Namespace, g.Meta.Name));
        foreach (var set in listenerSets)
        {
            if (ListenerSetOf(set, parents) is { } gateway)
            {
                result.Add(gateway);
            }
        }
        return result;
    }

    private Gateway? ListenerSetOf(GatewayApiListenerSet set, Dictionary<NamespacedName, GatewayApiGateway> parents)
    {
        if (set.Parent is null || !parents.TryGetValue(set.Parent, out var parent))
        {
            // A parent of another class or kind is another controller's; a missing one may
            // simply not be in the input. istiod ignores the ListenerSet either way.
            if (set.Parent is not null && !gateways.Any(g => g.Meta.Namespace == set.Parent.Namespace && g.Meta.Name == set.Parent.Name))
            {
                _warnings.Add($"{set.Source}: ListenerSet {set.Meta.Key}: parent Gateway {set.Parent} is not in the input; its listeners are not checked");
            }
            return null;
        }
        var allowed = parent.AllowedListeners switch
        {
            AllowedListeners.All => true,
            AllowedListeners.Same => set.Meta.Namespace == parent.Meta.Namespace,
            // Namespace labels are not read: count it in rather than miss a shared certificate.
            AllowedListeners.Selector => true,
            _ => false,
        };
        if (parent.AllowedListeners == AllowedListeners.Selector)
        {
            _warnings.Add($"{set.Source}: ListenerSet {set.Meta.Key}: Gateway {parent.Meta.Key} admits ListenerSets by namespace labels, which are not read; counted as admitted");
        }
        if (!allowed)
        {
            _warnings.Add($"{set.Source}: ListenerSet {set.Meta.Key}: Gateway {parent.Meta.Key} does not admit ListenerSets from namespace {set.Meta.Namespace} (spec.allowedListeners); istiod ignores it");
            return null;
        }
        var gateway = new Gateway
        {
            ApiVersion = set.ApiVersion,
            ObjectKind = ListenerSetKind,
            Meta = set.Meta,
            Selector = LabelSet.Of((Gateway.GatewayNameLabel, parent.Meta.Name)),
            SelectorNamespace = parent.Meta.Namespace,
            Source = set.Source,
            Managed = parent.Managed,
        };
        var servers = new List<Server>();
        var ranks = Ranks(set.Listeners);
        foreach (var listener in set.Listeners)
        {
            // gatewaycommon ListenerEntryPortNumber: HTTP and HTTPS have default ports.
            int? port = listener.Port ?? listener.Protocol switch { "HTTP" => 80, "HTTPS" => 443, _ => null };
            if (port is null)
            {
                _warnings.Add($"{set.Source}: ListenerSet {set.Meta.Key} listener {listener.Name}: protocol {listener.Protocol} requires a port; istiod does not program it");
                continue;
            }
            // A ListenerSet's listener that istiod does not program is not added to the parent.
            if (Listener(gateway, ListenerSetKind, parent, listener, port.Value, ranks) is { Server: { } server, Programmed: true })
            {
                servers.Add(server);
            }
        }
        gateway.SetServers(servers);
        return gateway;
    }

    private (Server? Server, bool Programmed) Listener(Gateway gateway, string ownerKind, GatewayApiGateway parent, ListenerSpec listener, int port, IReadOnlyDictionary<string, int> ranks)
    {
        var where = $"{gateway.Source}: {gateway.Describe()} listener {listener.Name}";
        var secure = listener.Protocol is "HTTPS" or "TLS";
        if (secure && listener.Tls is null)
        {
            // conversion.go buildListener: a placeholder for ListenerSets, logged and skipped.
            _warnings.Add($"{where}: protocol {listener.Protocol} without tls; istiod builds no server for it");
            return (null, false);
        }
        var problems = new List<string>();
        var server = new Server
        {
            Gateway = gateway,
            Index = listener.Index,
            Line = listener.Line,
            MergeRank = ranks[listener.Name],
            Port = new ServerPort(port, listener.Protocol, listener.Name),
            Hosts = [new ServerHost(null, listener.Hostname ?? "*")],
            Tls = secure ? Tls(listener.Tls!, ownerKind, gateway.Meta.Namespace, parent.Frontend.For(port), problems) : null,
            Name = listener.Name,
        };
        foreach (var problem in problems)
        {
            _warnings.Add($"{where}: {problem}");
        }
        return (server, problems.Count == 0);
    }

    private ServerTls Tls(ListenerTlsSpec tls, string ownerKind, string ownerNamespace, PortValidation? validation, List<string> problems)
    {
        if (tls.Passthrough)
        {
            return ServerTls.Default(TlsMode.Passthrough);
        }
        var mode = TlsMode.Simple;
        switch (tls.TerminateMode)
        {
            case "MUTUAL":
                mode = TlsMode.Mutual;
                break;
            case "OPTIONAL_MUTUAL":
                mode = TlsMode.OptionalMutual;
                break;
            case "ISTIO_SIMPLE":
                return ServerTls.Default(TlsMode.Simple) with { CredentialName = CredentialName.Builtin };
            case "ISTIO_MUTUAL":
                return ServerTls.Default(TlsMode.IstioMutual);
        }
        // Any other value is not an option istiod knows: it terminates SIMPLE with the references.
        if (tls.CertificateRefs.Count > 2)
        {
            problems.Add($"{tls.CertificateRefs.Count} certificateRefs (istiod takes up to 2); istiod serves it without certificate");
            return ServerTls.Default(mode);
        }
        var credentials = new List<string>();
        foreach (var reference in tls.CertificateRefs)
        {
            if (reference.Namespace != ownerNamespace && !SecretAllowed(ownerKind, ownerNamespace, reference))
            {
                problems.Add($"certificateRef {reference} is not permitted (no ReferenceGrant in namespace {reference.Namespace} for {ownerKind}s of namespace {ownerNamespace}); istiod refuses it");
                continue;
            }
            if (!reference.IsSecret)
            {
                problems.Add($"certificateRef {reference} is a {reference.Kind}, not a Secret; istiod refuses it");
                continue;
            }
            credentials.Add($"{CredentialName.GatewayApiScheme}{reference.Namespace}/{reference.Name}");
        }
        if (credentials.Count > 0 && validation is { CaCertificateRefs: > 0 } ca)
        {
            if (ca.CaCertificateRefs > 1)
            {
                problems.Add("the Gateway's spec.tls.frontend names more than one caCertificateRef (istiod takes one)");
            }
            else
            {
                mode = tls.TerminateMode switch
                {
                    "MUTUAL" => TlsMode.Mutual,
                    "OPTIONAL_MUTUAL" => TlsMode.OptionalMutual,
                    _ => ca.InsecureFallback ? TlsMode.OptionalMutual : TlsMode.Mutual,
                };
            }
        }
        return ServerTls.Default(mode) with { CredentialNames = credentials };
    }

    // gatewaycommon ReferenceGrants.SecretAllowed: a grant in the Secret's namespace from the
    // referring kind in its namespace, to Secrets, all or this one by name. Where grants could
    // not be read, references count as allowed (a warning says so).
    private bool SecretAllowed(string ownerKind, string ownerNamespace, CertificateRef reference) =>
        !grantsKnown || grants.Any(g =>
            g.Namespace == reference.Namespace
            && g.FromGroup == Gateway.GatewayApiGroup && g.FromKind == ownerKind && g.FromNamespace == ownerNamespace
            && g.ToGroup.Length == 0 && g.ToKind == "Secret"
            && (g.ToName is null || g.ToName == reference.Name));

    /// <summary>Where each listener goes in the order istiod merges them: by name (each becomes
    /// an Istio Gateway named after it, all of one creationTimestamp); Index keeps the position.</summary>
    private static Dictionary<string, int> Ranks(IReadOnlyList<ListenerSpec> listeners) =>
        listeners.Select(l => l.Name).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)
            .Select((name, rank) => (name, rank)).ToDictionary(p => p.name, p => p.rank, StringComparer.Ordinal);
}
