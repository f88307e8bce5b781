namespace IstioTls.Model;

/// <summary>What every Istio object the analysis reads has: its identity and where it was read.
/// The object itself (every field, for plans that write it back) is not part of the model:
/// sources hand it out separately, and only when asked.</summary>
public abstract class ConfigObject
{
    public required string ApiVersion { get; init; }

    public required ObjectMeta Meta { get; init; }

    public required SourceLocation Source { get; init; }

    /// <summary>The Kubernetes kind, as written in the object.</summary>
    public abstract string Kind { get; }

    public string Key => Meta.Key;

    /// <summary>The object as the API server names it: what a write or a delete targets.</summary>
    public ObjectRef Ref => new(ApiVersion, Kind, Meta.Namespace, Meta.Name);
}
