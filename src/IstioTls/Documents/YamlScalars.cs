using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace IstioTls.Documents;

/// <summary>
/// How a plain (unquoted) YAML scalar resolves to null, bool, number or string, as go-yaml v2's
/// <c>resolve</c> does it, since kubectl reads manifests with it: YAML 1.1 booleans such as
/// <c>yes</c> and <c>on</c>, <c>0755</c> octal, <c>0b101</c> binary, underscores in numbers,
/// integers past int64 as unsigned then as floats. The writer quotes any string that would
/// resolve to something else. The differential test against kubectl holds this to go-yaml.
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
        return TryNumber(value) ?? JsonValue.Create(value);
    }

    /// <summary>A plain scalar that is surely a string, known from its first letter: names,
    /// hosts and most keys, resolved without trying numbers.</summary>
    public static bool IsPlainText(string value) =>
        value.Length > 0 && char.IsAsciiLetter(value[0]) && !IsNull(value) && !TryBool(value, out _);

    public static bool NeedsQuotes(string value) =>
        IsNull(value) || TryBool(value, out _) || IsNonFinite(value) || TryNumber(value) is not null;

    /// <summary>A resolved key as kubectl names it (sigs.k8s.io/yaml): integers in decimal,
    /// floats as Go's %g of a float32, booleans as true/false; null for an unsigned integer
    /// past int64, which kubectl refuses.</summary>
    public static string? KeyText(JsonValue key)
    {
        if (key.TryGetValue(out bool flag))
        {
            return flag ? "true" : "false";
        }
        if (key.TryGetValue(out long integer))
        {
            return integer.ToString(CultureInfo.InvariantCulture);
        }
        if (key.TryGetValue(out double number))
        {
            return GoFloat32(number);
        }
        return key.TryGetValue(out ulong _) ? null : key.ToJsonString();
    }

    // strconv.FormatFloat(x, 'g', -1, 32): the shortest digits that read back as the same
    // float32; the exponent form when the exponent is below -4 or at least 6 (Go decides with
    // precision 6 when the digits are the shortest).
    private static string GoFloat32(double value)
    {
        var single = Math.Abs((float)value);
        if (single == 0)
        {
            return "0";
        }
        if (float.IsInfinity(single))
        {
            // Past float32's range Go prints +Inf, which sigs.k8s.io/yaml names .inf (found by
            // fuzzing: a key 666...E66).
            return value > 0 ? ".inf" : "-.inf";
        }
        var text = "";
        for (var precision = 0; precision <= 8; precision++)
        {
            text = single.ToString("E" + precision.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
            if (float.Parse(text, CultureInfo.InvariantCulture) == single)
            {
                break;
            }
        }
        var cut = text.IndexOf('E', StringComparison.Ordinal);
        var digits = text[..cut].Replace(".", "", StringComparison.Ordinal).TrimEnd('0');
        var exponent = int.Parse(text[(cut + 1)..], CultureInfo.InvariantCulture);
        var sign = value < 0 ? "-" : "";
        if (exponent < -4 || exponent >= 6)
        {
            var power = (exponent < 0 ? "-" : "+") + Math.Abs(exponent).ToString("00", CultureInfo.InvariantCulture);
            return sign + digits[0] + (digits.Length > 1 ? "." + digits[1..] : "") + "e" + power;
        }
        if (exponent < 0)
        {
            return sign + "0." + new string('0', -exponent - 1) + digits;
        }
        return digits.Length <= exponent + 1
            ? sign + digits + new string('0', exponent + 1 - digits.Length)
            : sign + digits[..(exponent + 1)] + "." + digits[(exponent + 1)..];
    }

    /// <summary>Infinities and not-a-number: go-yaml reads them as floats, which JSON cannot
    /// hold, so kubectl refuses them; the readers do too.</summary>
    public static bool IsNonFinite(string value) => value is ".inf" or ".Inf" or ".INF" or "+.inf" or "+.Inf" or "+.INF"
        or "-.inf" or "-.Inf" or "-.INF" or ".nan" or ".NaN" or ".NAN";

    private static bool IsNull(string value) => value is "" or "~" or "null" or "Null" or "NULL";

    public static bool TryBool(string value, out bool result)
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

    /// <summary>go-yaml's order: an int64, else a uint64, else a float of YAML's decimal form;
    /// only for text that starts as a number does (a digit, a sign, a dot).</summary>
    public static JsonNode? TryNumber(string value)
    {
        if (value.Length == 0 || value.Length > 64)
        {
            return null;
        }
        if (value[0] == '.')
        {
            // go-yaml: strconv.ParseFloat on the text as it is.
            return TryDecimalFloat(value);
        }
        if (value[0] is not (>= '0' and <= '9' or '+' or '-'))
        {
            return null;
        }
        var plain = value.Replace("_", "", StringComparison.Ordinal);
        if (TryGoInteger(plain, out var magnitude, out var negative))
        {
            if (!negative && magnitude <= long.MaxValue)
            {
                return JsonValue.Create((long)magnitude);
            }
            if (negative && magnitude <= (ulong)long.MaxValue + 1)
            {
                return JsonValue.Create(magnitude == (ulong)long.MaxValue + 1 ? long.MinValue : -(long)magnitude);
            }
            if (!negative && plain[0] != '+')
            {
                return JsonValue.Create(magnitude);
            }
        }
        return TryDecimalFloat(plain);
    }

    /// <summary>Go's strconv.ParseInt/ParseUint with base 0: an optional sign, then 0x, 0o, 0b
    /// or a leading 0 (octal), or decimal digits; false when the digits do not fit 64 bits.</summary>
    private static bool TryGoInteger(string text, out ulong magnitude, out bool negative)
    {
        magnitude = 0;
        var span = text.AsSpan();
        negative = span.Length > 0 && span[0] == '-';
        if (span.Length > 0 && span[0] is '+' or '-')
        {
            span = span[1..];
        }
        if (span.Length == 0)
        {
            return false;
        }
        var radix = 10;
        if (span.Length > 1 && span[0] == '0')
        {
            (radix, var prefix) = span[1] switch
            {
                'x' or 'X' => (16, 2),
                'o' or 'O' => (8, 2),
                'b' or 'B' => (2, 2),
                _ => (8, 1),
            };
            span = span[prefix..];
            if (span.Length == 0)
            {
                return false;
            }
        }
        foreach (var c in span)
        {
            var digit = c switch
            {
                >= '0' and <= '9' => c - '0',
                >= 'a' and <= 'f' => c - 'a' + 10,
                >= 'A' and <= 'F' => c - 'A' + 10,
                _ => 99,
            };
            if (digit >= radix)
            {
                return false;
            }
            if (magnitude > (ulong.MaxValue - (ulong)digit) / (ulong)radix)
            {
                return false;
            }
            magnitude = (magnitude * (ulong)radix) + (ulong)digit;
        }
        return true;
    }

    // go-yaml's yamlStyleFloat, ^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$, parsed as
    // a double; out of range (1e400) is a string there, as strconv.ParseFloat fails.
    private static JsonNode? TryDecimalFloat(string text)
    {
        var i = 0;
        if (i < text.Length && text[i] is '+' or '-')
        {
            i++;
        }
        var digits = 0;
        while (i < text.Length && char.IsAsciiDigit(text[i]))
        {
            i++;
            digits++;
        }
        if (i < text.Length && text[i] == '.')
        {
            i++;
            var fraction = 0;
            while (i < text.Length && char.IsAsciiDigit(text[i]))
            {
                i++;
                fraction++;
            }
            if (digits == 0 && fraction == 0)
            {
                return null;
            }
        }
        else if (digits == 0)
        {
            return null;
        }
        if (i < text.Length && text[i] is 'e' or 'E')
        {
            i++;
            if (i < text.Length && text[i] is '+' or '-')
            {
                i++;
            }
            var exponent = 0;
            while (i < text.Length && char.IsAsciiDigit(text[i]))
            {
                i++;
                exponent++;
            }
            if (exponent == 0)
            {
                return null;
            }
        }
        if (i != text.Length || !double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) || !double.IsFinite(number))
        {
            return null;
        }
        // Messages echo a number as it was written (1e23, not 1E+23): JSON's own spelling keeps
        // the text; YAML's other spellings (.5, +1.5, 1.) are not JSON and go as the double.
        return IsJsonNumber(text) ? JsonValue.Create(JsonElementOf(text)) : JsonValue.Create(number);
    }

    // JSON's number grammar: -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][-+]?[0-9]+)?
    private static bool IsJsonNumber(string text)
    {
        var i = text.StartsWith('-') ? 1 : 0;
        var start = i;
        while (i < text.Length && char.IsAsciiDigit(text[i]))
        {
            i++;
        }
        if (i == start || (text[start] == '0' && i - start > 1))
        {
            return false;
        }
        if (i < text.Length && text[i] == '.')
        {
            var fraction = ++i;
            while (i < text.Length && char.IsAsciiDigit(text[i]))
            {
                i++;
            }
            if (i == fraction)
            {
                return false;
            }
        }
        if (i < text.Length && text[i] is 'e' or 'E')
        {
            i++;
            if (i < text.Length && text[i] is '+' or '-')
            {
                i++;
            }
            var exponent = i;
            while (i < text.Length && char.IsAsciiDigit(text[i]))
            {
                i++;
            }
            if (i == exponent)
            {
                return false;
            }
        }
        return i == text.Length;
    }

    private static JsonElement JsonElementOf(string text)
    {
        using var document = JsonDocument.Parse(text);
        return document.RootElement.Clone();
    }
}
