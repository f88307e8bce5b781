namespace IstioTls.Cluster;

/// <summary>
/// The flags kubectl plugins take from k8s.io/cli-runtime: which kubeconfig, context, cluster
/// and user, impersonation, and how long a request may take.
/// </summary>
public sealed record ClusterOptions
{
    public string? Kubeconfig { get; init; }

    public string? Context { get; init; }

    public string? Cluster { get; init; }

    public string? User { get; init; }

    /// <summary><c>--as</c>: impersonate this user.</summary>
    public string? Impersonate { get; init; }

    /// <summary><c>--request-timeout</c>: a bound on each request, retries included; null: none.</summary>
    public TimeSpan? RequestTimeout { get; init; }

    /// <summary>Parses kubectl's <c>--request-timeout</c>: <c>0</c> (no timeout), a number of
    /// seconds, or a duration such as <c>30s</c>, <c>1m</c>, <c>1m30s</c>, <c>2h</c>.</summary>
    public static TimeSpan? ParseTimeout(string? text)
    {
        try
        {
            var timeout = ParseDuration(text);
            return timeout > MaxTimeout ? throw TooLong(text) : timeout;
        }
        catch (Exception e) when (e is OverflowException or ArgumentOutOfRangeException)
        {
            // TimeSpan's own words ("TimeSpan overflowed because the duration is too long")
            // name no flag; the user gets the value and the bound.
            throw TooLong(text);
        }
    }

    /// <summary>Go's longest duration, the most kubectl takes: 2562047h47m16.854775807s.</summary>
    private static readonly TimeSpan MaxTimeout = TimeSpan.FromTicks(long.MaxValue / 100);

    private static ArgumentException TooLong(string? text) => new($"invalid duration \"{text}\": longer than the maximum, 2562047h");

    private static TimeSpan? ParseDuration(string? text)
    {
        if (string.IsNullOrWhiteSpace(text) || text == "0")
        {
            return null;
        }
        if (long.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var seconds))
        {
            return TimeSpan.FromSeconds(seconds);
        }
        var total = TimeSpan.Zero;
        var number = 0L;
        var digits = 0;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsAsciiDigit(c))
            {
                number = checked((number * 10) + (c - '0'));
                digits++;
                continue;
            }
            if (digits == 0)
            {
                throw new ArgumentException($"invalid duration \"{text}\"");
            }
            var unit = c == 'm' && i + 1 < text.Length && text[i + 1] == 's' ? "ms" : c.ToString();
            i += unit.Length - 1;
            total += unit switch
            {
                "h" => TimeSpan.FromHours(number),
                "m" => TimeSpan.FromMinutes(number),
                "s" => TimeSpan.FromSeconds(number),
                "ms" => TimeSpan.FromMilliseconds(number),
                _ => throw new ArgumentException($"invalid duration \"{text}\": unknown unit \"{unit}\""),
            };
            number = 0;
            digits = 0;
        }
        if (digits > 0)
        {
            throw new ArgumentException($"invalid duration \"{text}\": a number needs a unit (s, m, h)");
        }
        return total == TimeSpan.Zero ? null : total;
    }
}
