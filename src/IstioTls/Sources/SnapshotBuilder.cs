using System.Text.Json.Nodes;
using IstioTls.Documents;
using IstioTls.Model;

namespace IstioTls.Sources;

/// <summary>
/// Collects objects from any source (files, the cluster) into a <see cref="ConfigSnapshot"/>:
/// unwraps Lists, keeps the kinds the analysis reads, and turns unreadable objects into
/// warnings that name the object and where it came from. Secrets are read only when
/// certificates are inspected. The objects themselves are kept only when <paramref name="keep"/>
/// is given (plans that write them back).
/// </summary>
public sealed class SnapshotBuilder(bool inspectCertificates = false, ObjectsAsRead? keep = null)
{
    private readonly List<Gateway> _gateways = [];
    private readonly List<GatewayApiGateway> _gatewayApiGateways = [];
    private readonly List<GatewayApiListenerSet> _listenerSets = [];
    private readonly List<ReferenceGrantRule> _referenceGrants = [];
    private bool _referenceGrantsKnown = true;
    private readonly Dictionary<string, string?> _gatewayClasses = new(StringComparer.Ordinal);
    private readonly List<TlsSecret> _secrets = [];
    private readonly List<VirtualService> _virtualServices = [];
    private readonly List<EnvoyFilter> _envoyFilters = [];
    private readonly List<WorkloadInstance> _workloads = [];
    private readonly List<Service> _services = [];
    private bool _servicesListed;
    private bool _podsListed;
    private readonly List<string> _warnings = [];
    private int _objectCount;
    private int _skipped;
    private readonly Dictionary<(ApiKind Kind, string? Namespace, string? Name), SourceLocation> _seen = [];

    /// <summary>One object read and decoded, or the reason it could not be decoded; with the
    /// object itself only when the builder keeps objects.</summary>
    public readonly record struct DecodedObject(ApiKind Kind, string KindName, (ApiKind, string?, string?) Identity, object? Value, string? Problem, SourceLocation Source, JsonObject? Object)
    {
        /// <summary>namespace/name, as warnings name the object: made only for a warning.</summary>
        public string Description => Identity switch
        {
            (_, null, var name) => name ?? "(no name)",
            (_, var ns, var name) => $"{ns}/{name ?? "(no name)"}",
        };
    }

    public void AddDocument(ParsedDocument document, string origin) => Accept(Decode(document, origin));

    /// <summary>Decodes one document on its own: pure, so the documents of a large file are
    /// decoded in parallel, as they are parsed, then accepted in input order with
    /// <see cref="Accept"/>. The object is left out unless kept, so that its tree can go.</summary>
    public List<DecodedObject> Decode(ParsedDocument document, string origin)
    {
        var decoded = Decode(document, origin, inspectCertificates);
        for (var i = 0; i < decoded.Count; i++)
        {
            decoded[i] = Unkept(decoded[i]);
        }
        return decoded;
    }

    public void Add(JsonObject obj, SourceLocation source) => Add(obj, source, null, source.Origin);

    /// <summary>An item of a list response, decoded on its own (pure, like
    /// <see cref="Decode(ParsedDocument, string)"/>): the cluster source decodes each page as it
    /// arrives and accepts the results in list order. The API server leaves out
    /// <c>apiVersion</c> and <c>kind</c> on the items of built-in lists, so the caller says what
    /// was listed.</summary>
    public DecodedObject DecodeListed(ApiKind apiKind, string apiVersion, JsonObject item, SourceLocation source)
    {
        var kind = apiKind switch
        {
            ApiKind.IstioGateway => "Gateway",
            ApiKind.VirtualService => "VirtualService",
            ApiKind.EnvoyFilter => "EnvoyFilter",
            ApiKind.Pod => "Pod",
            ApiKind.Deployment => "Deployment",
            ApiKind.KubernetesGateway => "Gateway",
            ApiKind.GatewayClass => "GatewayClass",
            ApiKind.Secret => "Secret",
            ApiKind.Service => "Service",
            ApiKind.ListenerSet => "ListenerSet",
            ApiKind.ReferenceGrant => "ReferenceGrant",
            _ => throw new ArgumentOutOfRangeException(nameof(apiKind)),
        };
        item["apiVersion"] = apiVersion;
        item["kind"] = kind;
        var decoded = new List<DecodedObject>(1);
        Decode(item, source, null, source.Origin, inspectCertificates, decoded);
        // A listed item names its kind and version (set above) and is no List: one result.
        return Unkept(decoded[0]);
    }

    // Without a keeper the tree is left out of the result, so that it can go once decoded.
    private DecodedObject Unkept(DecodedObject decoded) => keep is null ? decoded with { Object = null } : decoded;

    /// <summary>The Gateways read so far, Istio's and those Gateway API Gateways whose class is
    /// Istio's, with their ListenerSets (the cluster source lists pods by their selectors).</summary>
    public IReadOnlyList<Gateway> Gateways => [.. _gateways, .. GatewayApi().Convert()];

    /// <summary>ReferenceGrants could not be read (forbidden): cross-namespace certificateRefs
    /// then count as permitted.</summary>
    public void ReferenceGrantsUnknown() => _referenceGrantsKnown = false;

    // Converted when asked, not when read: ReferenceGrants, GatewayClasses and a ListenerSet's
    // parent may come after the objects they decide about.
    private GatewayApiConversion GatewayApi() =>
        new(_gatewayApiGateways, _listenerSets, _referenceGrants, _referenceGrantsKnown, IsIstioClass, _services);

    /// <summary>A Secret the cluster source read (or could not read) for a certificate.</summary>
    public void AddSecret(TlsSecret secret) => _secrets.Add(secret);

    // A GatewayClass in the input decides; without one, the class istiod installs is Istio's.
    // Decided when asked, not when read: the GatewayClass may come after its Gateways.
    private bool IsIstioClass(string className) =>
        _gatewayClasses.TryGetValue(className, out var controller)
            ? controller == GatewayApiDecoder.IstioController
            : className == GatewayApiDecoder.IstioClassName;

    private void Add(JsonObject obj, SourceLocation source, ParsedDocument? document, string origin)
    {
        var decoded = new List<DecodedObject>(1);
        Decode(obj, source, document, origin, inspectCertificates, decoded);
        Accept(decoded);
    }

    private static List<DecodedObject> Decode(ParsedDocument document, string origin, bool inspectCertificates)
    {
        var decoded = new List<DecodedObject>(1);
        if (document.Root is JsonObject obj)
        {
            Decode(obj, new SourceLocation(origin, document.Line), document, origin, inspectCertificates, decoded);
        }
        else if (document.Root is JsonArray array)
        {
            foreach (var item in array.OfType<JsonObject>())
            {
                Decode(item, new SourceLocation(origin, document.LineOf(item) ?? document.Line), document, origin, inspectCertificates, decoded);
            }
        }
        return decoded;
    }

    private static void Decode(JsonObject obj, SourceLocation source, ParsedDocument? document, string origin, bool inspectCertificates, List<DecodedObject> into)
    {
        var kind = obj["kind"] is JsonValue k && k.TryGetValue(out string? kindText) ? kindText : null;
        var apiVersion = obj["apiVersion"] is JsonValue a && a.TryGetValue(out string? versionText) ? versionText : null;
        if (kind is null)
        {
            return;
        }
        if (kind.EndsWith("List", StringComparison.Ordinal) && obj["items"] is JsonArray items)
        {
            foreach (var item in items.OfType<JsonObject>())
            {
                var itemSource = document?.LineOf(item) is { } line ? new SourceLocation(origin, line) : source;
                Decode(item, itemSource, document, origin, inspectCertificates, into);
            }
            return;
        }
        if (apiVersion is null)
        {
            return;
        }
        var apiKind = ApiKinds.Classify(apiVersion, kind);
        if (apiKind == ApiKind.Unknown || (apiKind == ApiKind.Secret && !inspectCertificates))
        {
            // Not read, but counted: input with objects of other kinds only is not empty input.
            into.Add(new DecodedObject(ApiKind.Unknown, kind, default, null, null, source, obj));
            return;
        }
        var metadata = obj["metadata"] as JsonObject;
        var identity = (apiKind, JsonNodes.ScalarText(metadata?["namespace"]) ?? DefaultNamespace(apiKind), JsonNodes.ScalarText(metadata?["name"]));
        try
        {
            object value = apiKind switch
            {
                ApiKind.IstioGateway => ObjectDecoder.Gateway(obj, apiVersion, source, document is null ? null : document.LineOf),
                ApiKind.VirtualService => ObjectDecoder.VirtualService(obj, apiVersion, source),
                ApiKind.EnvoyFilter => ObjectDecoder.EnvoyFilter(obj, apiVersion, source),
                ApiKind.Pod => ObjectDecoder.Pod(obj),
                ApiKind.Deployment => ObjectDecoder.Deployment(obj),
                ApiKind.KubernetesGateway => GatewayApiDecoder.Gateway(obj, apiVersion, source, document is null ? null : document.LineOf),
                ApiKind.ListenerSet => GatewayApiDecoder.ListenerSet(obj, apiVersion, source, document is null ? null : document.LineOf),
                ApiKind.ReferenceGrant => GatewayApiDecoder.ReferenceGrant(obj),
                ApiKind.GatewayClass => GatewayApiDecoder.GatewayClass(obj),
                ApiKind.Secret => SecretDecoder.Decode(obj, source),
                ApiKind.Service => ObjectDecoder.Service(obj, apiVersion, source),
                _ => throw new ArgumentOutOfRangeException(nameof(obj)),
            };
            into.Add(new DecodedObject(apiKind, kind, identity, value, null, source, obj));
        }
        catch (DecodeException e)
        {
            into.Add(new DecodedObject(apiKind, kind, identity, null, e.Message, source, obj));
        }
    }

    /// <summary>Adds decoded objects in input order. The same object twice (two files of one
    /// GitOps folder): a cluster holds one, so analysing both would report conflicts that cannot
    /// exist; the first definition is kept, as a <c>kubectl create</c> of the folder keeps it.</summary>
    public void Accept(IEnumerable<DecodedObject> decoded)
    {
        foreach (var item in decoded)
        {
            _objectCount++;
            if (item.Kind == ApiKind.Unknown)
            {
                continue;
            }
            if (_seen.TryGetValue(item.Identity, out var first))
            {
                _warnings.Add($"{item.Source}: {item.KindName} {item.Description} is already defined at {first}; ignoring this definition");
                continue;
            }
            _seen[item.Identity] = item.Source;
            if (item.Problem is not null)
            {
                _warnings.Add($"{item.Source}: {item.KindName} {item.Description}: {item.Problem}; skipped");
                _skipped++;
                continue;
            }
            if (keep is not null && item.Object is not null && Ref(item) is { } reference)
            {
                keep.Add(reference, item.Object);
            }
            switch (item.Value)
            {
                case Gateway gateway:
                    _gateways.Add(gateway);
                    break;
                case VirtualService virtualService:
                    _virtualServices.Add(virtualService);
                    break;
                case EnvoyFilter envoyFilter:
                    _envoyFilters.Add(envoyFilter);
                    break;
                case WorkloadInstance workload:
                    _workloads.Add(workload);
                    break;
                case GatewayApiGateway gatewayApi:
                    _gatewayApiGateways.Add(gatewayApi);
                    break;
                case GatewayApiListenerSet listenerSet:
                    _listenerSets.Add(listenerSet);
                    break;
                case IReadOnlyList<ReferenceGrantRule> grant:
                    _referenceGrants.AddRange(grant);
                    break;
                case ValueTuple<string, string?> gatewayClass:
                    _gatewayClasses[gatewayClass.Item1] = gatewayClass.Item2;
                    break;
                case TlsSecret secret:
                    _secrets.Add(secret);
                    break;
                case Service service:
                    _services.Add(service);
                    break;
            }
        }
    }

    private static ObjectRef? Ref(DecodedObject item) => item.Value switch
    {
        ConfigObject config => config.Ref,
        GatewayApiGateway gateway => new ObjectRef(gateway.ApiVersion, "Gateway", gateway.Meta.Namespace, gateway.Meta.Name),
        GatewayApiListenerSet set => new ObjectRef(set.ApiVersion, Gateway.ListenerSetKind, set.Meta.Namespace, set.Meta.Name),
        _ => null,
    };

    // GatewayClasses are cluster-scoped: named without a namespace.
    private static string? DefaultNamespace(ApiKind apiKind) => apiKind == ApiKind.GatewayClass ? null : ObjectDecoder.DefaultNamespace;

    public void Warn(string warning) => _warnings.Add(warning);

    /// <summary>The cluster source listed the Services: a port no Service names is known to be
    /// bound as written, even when no Service was found.</summary>
    public void ServicesListed() => _servicesListed = true;

    /// <summary>The cluster source listed the gateway pods of every Gateway selector.</summary>
    public void PodsListed() => _podsListed = true;

    public ConfigSnapshot Build(SnapshotOrigin? origin = null, bool partial = false)
    {
        var gatewayApi = GatewayApi();
        var gateways = (IReadOnlyList<Gateway>)[.. _gateways, .. gatewayApi.Convert()];
        return Build(gateways, [.. _warnings, .. gatewayApi.Warnings], origin, partial);
    }

    private ConfigSnapshot Build(IReadOnlyList<Gateway> gateways, IReadOnlyList<string> warnings, SnapshotOrigin? origin, bool partial) => new()
    {
        Gateways = gateways,
        VirtualServices = _virtualServices,
        EnvoyFilters = _envoyFilters,
        Workloads = _workloads,
        Services = _services,
        ServicesKnown = _servicesListed || _services.Count > 0,
        PodsListed = _podsListed,
        Secrets = _secrets,
        CertificatesInspected = inspectCertificates,
        Warnings = warnings,
        Origin = origin ?? SnapshotOrigin.Files,
        ObjectCount = _objectCount,
        Skipped = _skipped,
        Partial = partial,
    };
}
