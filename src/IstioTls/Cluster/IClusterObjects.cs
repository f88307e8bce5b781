using System.Text.Json.Nodes;
using IstioTls.Model;

namespace IstioTls.Cluster;

/// <summary>
/// The writes that plans (merge, apply-421) make to a cluster, as the API server offers them.
/// The real implementation talks to the kube-apiserver of a kubeconfig context; tests use the
/// local test API server or an in-memory fake. Every method throws
/// <see cref="ClusterException"/> with a one-line message on failure.
/// </summary>
public interface IClusterObjects
{
    /// <summary>The object as the server has it now, or null when it does not exist.</summary>
    Task<JsonObject?> GetAsync(ObjectRef target, CancellationToken cancellationToken);

    /// <summary>PUT: replaces the object. The body carries <c>metadata.resourceVersion</c>; when the
    /// object changed since it was read, the server answers 409 and this throws
    /// <see cref="ConflictException"/>. Returns the object as stored.</summary>
    Task<JsonObject> ReplaceAsync(JsonObject body, CancellationToken cancellationToken);

    /// <summary>DELETE with a <c>resourceVersion</c> precondition (when given): a changed object
    /// throws <see cref="ConflictException"/>; an object already gone is not an error.</summary>
    Task DeleteAsync(ObjectRef target, string? resourceVersion, CancellationToken cancellationToken);

    /// <summary>Server-side apply (<c>application/apply-patch+yaml</c>) with a field manager.
    /// Returns the object as stored.</summary>
    Task<JsonObject> ApplyAsync(JsonObject body, string fieldManager, bool force, CancellationToken cancellationToken);
}

/// <summary>A cluster call that failed: the message is one line for the user (exit code 2).</summary>
public class ClusterException(string message, int? statusCode = null) : Exception(message)
{
    public int? StatusCode { get; } = statusCode;
}

/// <summary>409: the object changed since it was read (or already exists on create).</summary>
public sealed class ConflictException(string message) : ClusterException(message, 409);
