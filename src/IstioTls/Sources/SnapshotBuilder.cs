using System.Text.Json.Nodes;
using IstioTls.Documents;
using IstioTls.Model;

namespace IstioTls.Sources;

/// <summary>
/// Collects objects from any source (files, the cluster) into a <see cref="ConfigSnapshot"/>:
/// unwraps Lists, keeps the kinds the analysis reads, and turns unreadable objects into
/// warnings that name the object and where it came from.
/// </summary>
public sealed class SnapshotBuilder
{
    private readonly List<Gateway> _gateways = [];
    private readonly List<VirtualService> _virtualServices = [];
    private readonly List<EnvoyFilter> _envoyFilters = [];
    private readonly List<WorkloadInstance> _workloads = [];
    private readonly List<string> _warnings = [];
    private readonly Dictionary<string, SourceLocation> _seen = new(StringComparer.Ordinal);

    public void AddDocument(ParsedDocument document, string origin)
    {
        if (document.Root is JsonObject obj)
        {
            Add(obj, new SourceLocation(origin, document.Line), document, origin);
        }
        else if (document.Root is JsonArray array)
        {
            foreach (var item in array.OfType<JsonObject>())
            {
                Add(item, new SourceLocation(origin, document.LineOf(item) ?? document.Line), document, origin);
            }
        }
    }

    public void Add(JsonObject obj, SourceLocation source) => Add(obj, source, null, source.Origin);

    /// <summary>An item of a list response: the API server leaves out <c>apiVersion</c> and
    /// <c>kind</c> on the items of built-in lists, so the caller says what was listed.</summary>
    public void AddListed(ApiKind apiKind, string apiVersion, JsonObject item, SourceLocation source)
    {
        var kind = apiKind switch
        {
            ApiKind.IstioGateway => "Gateway",
            ApiKind.VirtualService => "VirtualService",
            ApiKind.EnvoyFilter => "EnvoyFilter",
            ApiKind.Pod => "Pod",
            ApiKind.Deployment => "Deployment",
            _ => throw new ArgumentOutOfRangeException(nameof(apiKind)),
        };
        item["apiVersion"] = apiVersion;
        item["kind"] = kind;
        Add(item, source, null, source.Origin);
    }

    /// <summary>The Gateways read so far (the cluster source lists pods by their selectors).</summary>
    public IReadOnlyList<Gateway> Gateways => _gateways;

    private void Add(JsonObject obj, SourceLocation source, ParsedDocument? document, string origin)
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
                Add(item, itemSource, document, origin);
            }
            return;
        }
        if (apiVersion is null)
        {
            return;
        }
        var apiKind = ApiKinds.Classify(apiVersion, kind);
        if (apiKind == ApiKind.Unknown)
        {
            return;
        }
        if (IsRedefinition(apiKind, kind, obj, source))
        {
            return;
        }
        try
        {
            switch (apiKind)
            {
                case ApiKind.IstioGateway:
                    _gateways.Add(ObjectDecoder.Gateway(obj, apiVersion, source));
                    break;
                case ApiKind.VirtualService:
                    _virtualServices.Add(ObjectDecoder.VirtualService(obj, apiVersion, source));
                    break;
                case ApiKind.EnvoyFilter:
                    _envoyFilters.Add(ObjectDecoder.EnvoyFilter(obj, apiVersion, source));
                    break;
                case ApiKind.Pod:
                    _workloads.Add(ObjectDecoder.Pod(obj));
                    break;
                case ApiKind.Deployment:
                    _workloads.Add(ObjectDecoder.Deployment(obj));
                    break;
            }
        }
        catch (DecodeException e)
        {
            _warnings.Add($"{source}: {kind} {Describe(obj, ObjectDecoder.DefaultNamespace)}: {e.Message}; skipped");
        }
    }

    // The same object twice (two files of one GitOps folder): a cluster holds one, so analysing
    // both would report conflicts that cannot exist. The first definition is kept, as a
    // `kubectl create` of the folder would keep it.
    private bool IsRedefinition(ApiKind apiKind, string kind, JsonObject obj, SourceLocation source)
    {
        var key = $"{apiKind}|{Describe(obj, ObjectDecoder.DefaultNamespace)}";
        if (_seen.TryGetValue(key, out var first))
        {
            _warnings.Add($"{source}: {kind} {Describe(obj, ObjectDecoder.DefaultNamespace)} is already defined at {first}; ignoring this definition");
            return true;
        }
        _seen[key] = source;
        return false;
    }

    public void Warn(string warning) => _warnings.Add(warning);

    public ConfigSnapshot Build(string? context = null, bool partial = false, bool workloadsFromPods = false) => new()
    {
        Gateways = _gateways,
        VirtualServices = _virtualServices,
        EnvoyFilters = _envoyFilters,
        Workloads = _workloads,
        Warnings = _warnings,
        Context = context,
        Partial = partial,
        WorkloadsFromPods = workloadsFromPods,
    };

    private static string Describe(JsonObject obj, string? defaultNamespace = null)
    {
        var metadata = obj["metadata"] as JsonObject;
        var name = JsonNodes.ScalarText(metadata?["name"]) ?? "(no name)";
        var ns = JsonNodes.ScalarText(metadata?["namespace"]) ?? defaultNamespace;
        return ns is null ? name : $"{ns}/{name}";
    }
}
