using System.Globalization;
using System.Text.Json.Nodes;

namespace IstioTls.Documents;

/// <summary>
/// How a plain (unquoted) YAML scalar resolves to null, bool, number or string. kubectl reads
/// manifests with go-yaml v2 (YAML 1.1 booleans such as <c>yes</c> and <c>on</c>), so we do the
/// same; the writer quotes any string that would resolve to something else.
/// </summary>
internal static class YamlScalars
{
    public static JsonNode? ResolvePlain(string value)
    {
        if (IsNull(value))
        {
            return null;
        }
        if (TryBool(value, out var flag))
        {
            return JsonValue.Create(flag);
        }
        if (TryInteger(value, out var integer))
        {
            return JsonValue.Create(integer);
        }
        if (TryFloat(value, out var number))
        {
            return JsonValue.Create(number);
        }
        return JsonValue.Create(value);
    }

    /// <summary>True when a plain scalar with this text would not read back as this string.</summary>
    public static bool NeedsQuotes(string value) =>
        IsNull(value) || TryBool(value, out _) || TryInteger(value, out _) || TryFloat(value, out _);

    private static bool IsNull(string value) => value is "" or "~" or "null" or "Null" or "NULL";

    private static bool TryBool(string value, out bool result)
    {
        switch (value)
        {
            case "true" or "True" or "TRUE" or "yes" or "Yes" or "YES" or "on" or "On" or "ON" or "y" or "Y":
                result = true;
                return true;
            case "false" or "False" or "FALSE" or "no" or "No" or "NO" or "off" or "Off" or "OFF" or "n" or "N":
                result = false;
                return true;
            default:
                result = false;
                return false;
        }
    }

    private static bool TryInteger(string value, out long result)
    {
        result = 0;
        if (value.Length == 0 || value.Length > 32)
        {
            return false;
        }
        var span = value.AsSpan();
        var negative = false;
        if (span[0] is '+' or '-')
        {
            negative = span[0] == '-';
            span = span[1..];
        }
        if (span.Length == 0)
        {
            return false;
        }
        bool ok;
        if (span.StartsWith("0x"))
        {
            ok = long.TryParse(span[2..], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out result);
        }
        else if (span.StartsWith("0o"))
        {
            ok = TryOctal(span[2..], out result);
        }
        else
        {
            foreach (var c in span)
            {
                if (c is < '0' or > '9')
                {
                    return false;
                }
            }
            // Parse with the sign so that long.MinValue, whose magnitude is no long, still fits.
            if (long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out result))
            {
                return true;
            }
            ok = false;
        }
        if (ok && negative)
        {
            result = -result;
        }
        return ok;
    }

    private static bool TryOctal(ReadOnlySpan<char> digits, out long result)
    {
        result = 0;
        if (digits.Length == 0)
        {
            return false;
        }
        foreach (var c in digits)
        {
            if (c is < '0' or > '7')
            {
                return false;
            }
            result = checked((result * 8) + (c - '0'));
        }
        return true;
    }

    private static bool TryFloat(string value, out double result)
    {
        result = 0;
        switch (value)
        {
            case ".inf" or ".Inf" or ".INF" or "+.inf" or "+.Inf" or "+.INF" or "-.inf" or "-.Inf" or "-.INF" or ".nan" or ".NaN" or ".NAN":
                return true;
        }
        var span = value.AsSpan();
        var hasDigit = false;
        foreach (var c in span)
        {
            if (c is >= '0' and <= '9')
            {
                hasDigit = true;
            }
            else if (c is not ('.' or 'e' or 'E' or '+' or '-'))
            {
                return false;
            }
        }
        return hasDigit && double.TryParse(span, NumberStyles.Float, CultureInfo.InvariantCulture, out result);
    }
}
