namespace IstioTls.CommandLine;

/// <summary>
/// The duration flags, read one way: numbers with units, summed (<c>1m30s</c>), <c>0</c> for
/// none. <c>--request-timeout</c> reads as kubectl reads it (units h, m, s, ms; a bare number is
/// seconds); <c>--expiry-warning</c> also takes days (<c>30d</c>), because certificates are
/// counted in days. A value too large for a duration is refused, not wrapped.
/// </summary>
public static class Durations
{
    /// <summary><c>--request-timeout</c>: null for none (<c>0</c> or empty).</summary>
    public static TimeSpan? RequestTimeout(string? text)
    {
        if (string.IsNullOrWhiteSpace(text) || text == "0")
        {
            return null;
        }
        if (long.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var seconds))
        {
            return Bounded(Sum([(seconds, "s")]), text);
        }
        var parts = Split(text, days: false, out var problem);
        if (parts is null && problem != TooLong)
        {
            throw new UsageException($"--request-timeout: invalid duration \"{text}\"{problem}");
        }
        var total = Bounded(parts is null ? null : Sum(parts), text);
        return total == TimeSpan.Zero ? null : total;
    }

    /// <summary>Go's longest duration (2562047h47m16.854775807s), the most kubectl takes.</summary>
    private static readonly TimeSpan MaxRequestTimeout = TimeSpan.FromTicks(long.MaxValue / 100);

    private const string TooLong = ": too long";

    private static TimeSpan Bounded(TimeSpan? timeout, string text) =>
        timeout is { } t && t <= MaxRequestTimeout
            ? t
            : throw new UsageException($"--request-timeout: invalid duration \"{text}\": longer than the maximum, 2562047h");

    /// <summary>A timeout that must be positive, such as <c>probe --timeout</c>: 10s, 1m, 500ms.</summary>
    public static TimeSpan Timeout(string text, string flag)
    {
        var parts = Split(text, days: false, out var problem);
        var total = parts is null ? null : Sum(parts);
        return total is { } t && t > TimeSpan.Zero && t <= MaxRequestTimeout
            ? t
            : throw new UsageException($"{flag} must be a duration above 0 such as 10s, 1m or 500ms, not \"{text}\"{problem}");
    }

    /// <summary><c>--expiry-warning</c>: <c>0</c> reports only expired certificates.</summary>
    public static TimeSpan ExpiryWarning(string text)
    {
        if (text == "0")
        {
            return TimeSpan.Zero;
        }
        var parts = Split(text, days: true, out _);
        return (parts is null ? null : Sum(parts))
            ?? throw new UsageException($"--expiry-warning must be a duration such as 30d, 720h or 1d12h (or 0), not \"{text}\"");
    }

    /// <summary>The (number, unit) pairs of <paramref name="text"/>, or null with the problem.</summary>
    private static List<(long Number, string Unit)>? Split(string text, bool days, out string? problem)
    {
        var parts = new List<(long, string)>();
        var number = 0L;
        var digits = 0;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsAsciiDigit(c))
            {
                if (number > (long.MaxValue - 9) / 10)
                {
                    problem = TooLong;
                    return null;
                }
                number = (number * 10) + (c - '0');
                digits++;
                continue;
            }
            if (digits == 0)
            {
                problem = null;
                return null;
            }
            var unit = c == 'm' && i + 1 < text.Length && text[i + 1] == 's' ? "ms" : c.ToString();
            if (unit is not ("h" or "m" or "s" or "ms") && !(days && unit == "d"))
            {
                problem = $": unknown unit \"{unit}\"";
                return null;
            }
            i += unit.Length - 1;
            parts.Add((number, unit));
            number = 0;
            digits = 0;
        }
        if (digits > 0 || parts.Count == 0)
        {
            problem = ": a number needs a unit (s, m, h)";
            return null;
        }
        problem = null;
        return parts;
    }

    /// <summary>The sum, or null when it is larger than a duration can be.</summary>
    private static TimeSpan? Sum(IEnumerable<(long Number, string Unit)> parts)
    {
        var ticks = 0L;
        try
        {
            foreach (var (number, unit) in parts)
            {
                var perUnit = unit switch
                {
                    "d" => TimeSpan.TicksPerDay,
                    "h" => TimeSpan.TicksPerHour,
                    "m" => TimeSpan.TicksPerMinute,
                    "s" => TimeSpan.TicksPerSecond,
                    _ => TimeSpan.TicksPerMillisecond,
                };
                ticks = checked(ticks + checked(number * perUnit));
            }
        }
        catch (OverflowException)
        {
            return null;
        }
        return TimeSpan.FromTicks(ticks);
    }
}
