using System.Collections.Concurrent;

namespace IstioTls.TestApiServer;

/// <summary>
/// One served request. <see cref="Verb"/> and <see cref="Resource"/> are null for non-resource paths;
/// <see cref="ConnectionId"/> tells which requests shared a connection.
/// </summary>
public sealed record RequestRecord(
    DateTimeOffset Time,
    string Method,
    string Path,
    string Query,
    string User,
    int StatusCode,
    string? Verb,
    string? Group,
    string? Resource,
    string? Namespace,
    string? Name,
    TimeSpan Duration,
    string? Fault,
    string ConnectionId);

/// <summary>What clients asked, in arrival order of completion, so tests can count and inspect calls.</summary>
public sealed class RequestLog(int capacity)
{
    readonly ConcurrentQueue<RequestRecord> _entries = new();

    public IReadOnlyList<RequestRecord> Entries => [.. _entries];

    public int Count => _entries.Count;

    public void Clear() => _entries.Clear();

    internal void Add(RequestRecord record)
    {
        _entries.Enqueue(record);
        while (_entries.Count > capacity && _entries.TryDequeue(out _))
        {
        }
    }

    /// <summary>Requests for one resource (optionally one verb), e.g. Matching("list", "gateways").</summary>
    public IReadOnlyList<RequestRecord> Matching(string? verb, string resource) =>
        [.. _entries.Where(e => e.Resource == resource && (verb is null || e.Verb == verb))];
}
