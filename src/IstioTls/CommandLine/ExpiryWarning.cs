namespace IstioTls.CommandLine;

/// <summary>
/// <c>--expiry-warning</c>: how long before a certificate expires it is reported, as a duration
/// with units — <c>30d</c>, <c>720h</c>, <c>1d12h</c>, <c>90m</c> — or <c>0</c> to report only
/// expired certificates. Days are allowed because certificates are counted in days.
/// </summary>
public static class ExpiryWarning
{
    public static TimeSpan Parse(string text)
    {
        try
        {
            return ParseDuration(text);
        }
        catch (OverflowException)
        {
            // Many units in a row ("99999d99999d...") add up past TimeSpan's range.
            throw Invalid(text);
        }
    }

    private static TimeSpan ParseDuration(string text)
    {
        if (text == "0")
        {
            return TimeSpan.Zero;
        }
        var total = TimeSpan.Zero;
        var number = 0L;
        var digits = 0;
        foreach (var c in text)
        {
            if (char.IsAsciiDigit(c))
            {
                number = (number * 10) + (c - '0');
                digits++;
                if (number > 100_000)
                {
                    throw Invalid(text);
                }
                continue;
            }
            if (digits == 0)
            {
                throw Invalid(text);
            }
            total += c switch
            {
                'd' => TimeSpan.FromDays(number),
                'h' => TimeSpan.FromHours(number),
                'm' => TimeSpan.FromMinutes(number),
                's' => TimeSpan.FromSeconds(number),
                _ => throw Invalid(text),
            };
            number = 0;
            digits = 0;
        }
        if (digits > 0 || text.Length == 0)
        {
            throw Invalid(text);
        }
        return total;
    }

    private static UsageException Invalid(string text) =>
        new($"--expiry-warning must be a duration such as 30d, 720h or 1d12h (or 0), not \"{text}\"");
}
