using System.Text.RegularExpressions;

namespace IstioTls.TestApiServer;

/// <summary>The labelSelector query parameter: =, ==, !=, in, notin, exists, !exists, gt, lt; comma means AND.</summary>
public sealed partial class LabelSelector
{
    enum Op { Exists, NotExists, Equals, NotEquals, In, NotIn, GreaterThan, LessThan }

    sealed record Requirement(string Key, Op Op, IReadOnlyList<string> Values);

    readonly List<Requirement> _requirements = [];

    public static LabelSelector Everything { get; } = new();

    public bool IsEmpty => _requirements.Count == 0;

    public static LabelSelector Parse(string? text)
    {
        var selector = new LabelSelector();
        if (string.IsNullOrWhiteSpace(text))
        {
            return selector;
        }
        foreach (var part in SplitTopLevel(text))
        {
            selector._requirements.Add(ParseRequirement(part.Trim()));
        }
        return selector;
    }

    public bool Matches(IReadOnlyDictionary<string, string> labels)
    {
        foreach (var r in _requirements)
        {
            var has = labels.TryGetValue(r.Key, out var value);
            var ok = r.Op switch
            {
                Op.Exists => has,
                Op.NotExists => !has,
                Op.Equals => has && value == r.Values[0],
                Op.NotEquals => !has || value != r.Values[0],
                Op.In => has && r.Values.Contains(value!),
                Op.NotIn => !has || !r.Values.Contains(value!),
                Op.GreaterThan => has && long.TryParse(value, out var g) && g > long.Parse(r.Values[0], System.Globalization.CultureInfo.InvariantCulture),
                Op.LessThan => has && long.TryParse(value, out var l) && l < long.Parse(r.Values[0], System.Globalization.CultureInfo.InvariantCulture),
                _ => false,
            };
            if (!ok)
            {
                return false;
            }
        }
        return true;
    }

    static List<string> SplitTopLevel(string text)
    {
        var parts = new List<string>();
        int depth = 0, start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            switch (text[i])
            {
                case '(': depth++; break;
                case ')': depth--; break;
                case ',' when depth == 0:
                    parts.Add(text[start..i]);
                    start = i + 1;
                    break;
            }
        }
        parts.Add(text[start..]);
        return parts;
    }

    static Requirement ParseRequirement(string s)
    {
        if (s.Length == 0)
        {
            throw Fail(s, "found '', expected: !, identifier, or 'end of string'");
        }
        var set = SetRegex().Match(s);
        if (set.Success)
        {
            var values = set.Groups[3].Value.Split(',').Select(v => v.Trim()).ToList();
            if (values.Any(v => !ValidValue(v)))
            {
                throw Fail(s, "invalid label value");
            }
            return new Requirement(CheckKey(set.Groups[1].Value, s), set.Groups[2].Value == "in" ? Op.In : Op.NotIn, values);
        }
        if (s[0] == '!')
        {
            return new Requirement(CheckKey(s[1..].Trim(), s), Op.NotExists, []);
        }
        foreach (var (token, op) in new[] { ("!=", Op.NotEquals), ("==", Op.Equals), ("=", Op.Equals), (">", Op.GreaterThan), ("<", Op.LessThan) })
        {
            var at = s.IndexOf(token, StringComparison.Ordinal);
            if (at >= 0)
            {
                var value = s[(at + token.Length)..].Trim();
                if (!ValidValue(value) || (op is Op.GreaterThan or Op.LessThan && !long.TryParse(value, out _)))
                {
                    throw Fail(s, $"invalid label value: \"{value}\"");
                }
                return new Requirement(CheckKey(s[..at].Trim(), s), op, [value]);
            }
        }
        return new Requirement(CheckKey(s, s), Op.Exists, []);
    }

    static string CheckKey(string key, string requirement) =>
        KeyRegex().IsMatch(key) ? key : throw Fail(requirement, $"invalid label key \"{key}\"");

    static bool ValidValue(string v) => v.Length == 0 || ValueRegex().IsMatch(v);

    static ApiException Fail(string requirement, string why) =>
        ApiErrors.BadRequest($"unable to parse requirement: {why} in \"{requirement}\"");

    [GeneratedRegex(@"^(\S+)\s+(in|notin)\s*\((.*)\)$")]
    private static partial Regex SetRegex();

    [GeneratedRegex(@"^([A-Za-z0-9][-A-Za-z0-9_.]*/)?[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$")]
    private static partial Regex KeyRegex();

    [GeneratedRegex(@"^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$")]
    private static partial Regex ValueRegex();
}
