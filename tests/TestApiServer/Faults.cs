using System.Text.Json.Nodes;

namespace IstioTls.TestApiServer;

public enum FaultKind
{
    /// <summary>Answer with <see cref="FaultRule.StatusCode"/> and a Status body (500, 503, ...).</summary>
    Status,
    /// <summary>429 with a Retry-After header.</summary>
    TooManyRequests,
    /// <summary>410 Expired; only for list calls that carry a continue token.</summary>
    ExpiredContinue,
    /// <summary>Abort the connection (HTTP/2: the stream) without a response.</summary>
    DropConnection,
    /// <summary>Wait <see cref="FaultRule.Delay"/>, then serve normally.</summary>
    Delay,
    /// <summary>200 with <see cref="FaultRule.Body"/> as the JSON answer, as it is: invalid JSON,
    /// wrong types, anything a broken server or proxy could send.</summary>
    Body,
}

/// <summary>One fault: what it does, which requests it matches, and how many more times it fires.</summary>
public sealed class FaultRule
{
    int _remaining;
    int _hits;

    public FaultRule(FaultKind kind, int times = 1)
    {
        Kind = kind;
        _remaining = times;
    }

    public FaultKind Kind { get; }
    public int StatusCode { get; init; } = 500;
    public int RetryAfterSeconds { get; init; } = 1;
    public TimeSpan Delay { get; init; }
    public string Body { get; init; } = "";

    /// <summary>get, list, create, update, patch, delete, deletecollection, watch; null matches all.</summary>
    public string? Verb { get; init; }
    public string? Group { get; init; }
    public string? Resource { get; init; }
    public string? Namespace { get; init; }

    /// <summary>Matches when the request path starts with this.</summary>
    public string? PathPrefix { get; init; }

    /// <summary>Firings left; negative means forever.</summary>
    public int Remaining => Volatile.Read(ref _remaining);

    public int Hits => Volatile.Read(ref _hits);

    internal bool Matches(RequestInfo info, bool hasContinue)
    {
        if (Kind == FaultKind.ExpiredContinue && !(info.Verb == "list" && hasContinue))
        {
            return false;
        }
        return (Verb is null || Verb == info.Verb)
            && (Group is null || Group == info.Group)
            && (Resource is null || Resource == info.Resource)
            && (Namespace is null || Namespace == info.Namespace)
            && (PathPrefix is null || info.Path.StartsWith(PathPrefix, StringComparison.Ordinal));
    }

    // Counting down atomically makes "N times" exact even when the client sends requests in parallel.
    internal bool TryConsume()
    {
        while (true)
        {
            var left = Volatile.Read(ref _remaining);
            if (left == 0)
            {
                return false;
            }
            if (left < 0 || Interlocked.CompareExchange(ref _remaining, left - 1, left) == left)
            {
                Interlocked.Increment(ref _hits);
                return true;
            }
        }
    }

    /// <summary>Reads a rule from JSON (admin endpoint) or from "key=value,..." (command line).</summary>
    public static FaultRule Parse(JsonObject o)
    {
        ArgumentNullException.ThrowIfNull(o);
        var kind = Enum.Parse<FaultKind>(Json.String(o, "kind") ?? "Status", ignoreCase: true);
        int Int(string key, int fallback) => o[key] is JsonValue v ? (v.TryGetValue<int>(out var i) ? i : int.Parse(v.ToString(), System.Globalization.CultureInfo.InvariantCulture)) : fallback;
        return new FaultRule(kind, Int("times", 1))
        {
            StatusCode = Int("status", kind == FaultKind.TooManyRequests ? 429 : 500),
            RetryAfterSeconds = Int("retryAfter", 1),
            Delay = TimeSpan.FromMilliseconds(Int("delayMs", 0)),
            Verb = Json.String(o, "verb"),
            Group = Json.String(o, "group"),
            Resource = Json.String(o, "resource"),
            Namespace = Json.String(o, "namespace"),
            PathPrefix = Json.String(o, "path"),
        };
    }

    public static FaultRule Parse(string spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var o = new JsonObject();
        foreach (var pair in spec.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var eq = pair.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0)
            {
                throw new FormatException($"fault option '{pair}' is not key=value");
            }
            o[pair[..eq]] = pair[(eq + 1)..];
        }
        return Parse(o);
    }
}

/// <summary>Faults tests arm; every request checks them before it is served.</summary>
public sealed class FaultInjector
{
    readonly Lock _gate = new();
    readonly List<FaultRule> _rules = [];

    /// <summary>Added to every request (authenticated or not) before it is served.</summary>
    public TimeSpan Latency { get; set; }

    public FaultRule Add(FaultRule rule)
    {
        lock (_gate)
        {
            _rules.Add(rule);
        }
        return rule;
    }

    public FaultRule FailWith(int statusCode, int times = 1, string? verb = null, string? resource = null, string? pathPrefix = null) =>
        Add(new FaultRule(FaultKind.Status, times) { StatusCode = statusCode, Verb = verb, Resource = resource, PathPrefix = pathPrefix });

    public FaultRule TooManyRequests(int times = 1, int retryAfterSeconds = 1, string? verb = null, string? resource = null, string? pathPrefix = null) =>
        Add(new FaultRule(FaultKind.TooManyRequests, times) { StatusCode = 429, RetryAfterSeconds = retryAfterSeconds, Verb = verb, Resource = resource, PathPrefix = pathPrefix });

    public FaultRule ExpireContinue(int times = 1, string? resource = null, string? pathPrefix = null) =>
        Add(new FaultRule(FaultKind.ExpiredContinue, times) { StatusCode = 410, Resource = resource, PathPrefix = pathPrefix });

    public FaultRule DropConnection(int times = 1, string? verb = null, string? resource = null, string? pathPrefix = null) =>
        Add(new FaultRule(FaultKind.DropConnection, times) { Verb = verb, Resource = resource, PathPrefix = pathPrefix });

    public FaultRule Delay(TimeSpan delay, int times = -1, string? verb = null, string? resource = null, string? pathPrefix = null) =>
        Add(new FaultRule(FaultKind.Delay, times) { Delay = delay, Verb = verb, Resource = resource, PathPrefix = pathPrefix });

    public FaultRule Answer(string body, int times = 1, string? verb = null, string? pathPrefix = null) =>
        Add(new FaultRule(FaultKind.Body, times) { Body = body, Verb = verb, PathPrefix = pathPrefix });

    public void Clear()
    {
        lock (_gate)
        {
            _rules.Clear();
        }
        Latency = TimeSpan.Zero;
    }

    public IReadOnlyList<FaultRule> Rules
    {
        get
        {
            lock (_gate)
            {
                return [.. _rules];
            }
        }
    }

    /// <summary>Every rule that fires for this request, each consumed once; delays first.</summary>
    internal List<FaultRule> Fire(RequestInfo info, bool hasContinue)
    {
        List<FaultRule> candidates;
        lock (_gate)
        {
            candidates = [.. _rules.Where(r => r.Matches(info, hasContinue))];
        }
        var fired = new List<FaultRule>();
        foreach (var rule in candidates.OrderBy(r => r.Kind == FaultKind.Delay ? 0 : 1))
        {
            // Only one terminal fault can answer a request; keep later ones armed.
            if (rule.Kind != FaultKind.Delay && fired.Any(f => f.Kind != FaultKind.Delay))
            {
                continue;
            }
            if (rule.TryConsume())
            {
                fired.Add(rule);
            }
        }
        return fired;
    }
}
