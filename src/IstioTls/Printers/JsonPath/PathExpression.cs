using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace IstioTls.Printers.JsonPath;

/// <summary>One JSONPath expression: from the root (<c>$</c>) or the current item (<c>.</c>,
/// <c>@</c>), a list of steps, each mapping the nodes so far to the next ones.</summary>
internal sealed class PathExpression
{
    private static readonly string[] Operators = ["==", "!=", "<=", ">=", "<", ">"];

    private readonly bool _fromRoot;
    private readonly IReadOnlyList<Func<JsonNode?, IEnumerable<JsonNode?>>> _steps;

    private PathExpression(bool fromRoot, IReadOnlyList<Func<JsonNode?, IEnumerable<JsonNode?>>> steps)
    {
        _fromRoot = fromRoot;
        _steps = steps;
    }

    public IEnumerable<JsonNode?> Select(JsonNode? root, JsonNode? current)
    {
        IEnumerable<JsonNode?> nodes = [_fromRoot ? root : current];
        foreach (var step in _steps)
        {
            nodes = nodes.SelectMany(step).ToList();
        }
        return nodes;
    }

    public static PathExpression Parse(string text)
    {
        var steps = new List<Func<JsonNode?, IEnumerable<JsonNode?>>>();
        var pos = 0;
        var fromRoot = text.StartsWith('$');
        if (fromRoot || text.StartsWith('@'))
        {
            pos = 1;
        }
        while (pos < text.Length)
        {
            if (string.CompareOrdinal(text, pos, "..", 0, 2) == 0)
            {
                var name = Name(text, ref pos, pos + 2);
                steps.Add(node => Descendants(node).SelectMany(n => name == "*" ? Children(n) : Field(n, name)));
            }
            else if (text[pos] == '.')
            {
                var name = Name(text, ref pos, pos + 1);
                if (name.Length > 0)
                {
                    steps.Add(name == "*" ? Children : node => Field(node, name));
                }
            }
            else if (text[pos] == '[')
            {
                var close = Close(text, pos);
                steps.Add(Bracket(text[(pos + 1)..close].Trim(), text));
                pos = close + 1;
            }
            else
            {
                throw new JsonPathException($"unexpected \"{text[pos]}\" in {text}");
            }
        }
        return new PathExpression(fromRoot, steps);
    }

    private static string Name(string text, ref int pos, int start)
    {
        var end = start;
        while (end < text.Length && text[end] is not '.' and not '[')
        {
            end++;
        }
        pos = end;
        return text[start..end];
    }

    private static int Close(string text, int open)
    {
        var depth = 0;
        char? quote = null;
        for (var i = open; i < text.Length; i++)
        {
            var c = text[i];
            if (quote is not null)
            {
                quote = c == quote ? null : quote;
            }
            else if (c is '"' or '\'')
            {
                quote = c;
            }
            else if (c == '[')
            {
                depth++;
            }
            else if (c == ']' && --depth == 0)
            {
                return i;
            }
        }
        throw new JsonPathException($"unclosed [ in {text}");
    }

    private static Func<JsonNode?, IEnumerable<JsonNode?>> Bracket(string inside, string text)
    {
        if (inside == "*")
        {
            return Children;
        }
        if (inside.StartsWith("?(", StringComparison.Ordinal) && inside.EndsWith(')'))
        {
            var test = Filter(inside[2..^1].Trim());
            return node => Children(node).Where(test);
        }
        if (inside.Length >= 2 && inside[0] is '\'' or '"' && inside[^1] == inside[0])
        {
            var name = inside[1..^1];
            return node => Field(node, name);
        }
        if (inside.Contains(':', StringComparison.Ordinal))
        {
            var bounds = inside.Split(':');
            int? from = Integer(bounds[0], text);
            int? to = Integer(bounds[1], text);
            return node => node is JsonArray array ? Slice(array, from, to) : (IEnumerable<JsonNode?>)[];
        }
        var index = Integer(inside, text) ?? throw new JsonPathException($"empty [] in {text}");
        return node => node is JsonArray array && (index < 0 ? array.Count + index : index) is var i && i >= 0 && i < array.Count ? (IEnumerable<JsonNode?>)[array[i]] : [];
    }

    private static int? Integer(string text, string expression) =>
        text.Trim().Length == 0 ? null
        : int.TryParse(text.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n) ? n
        : throw new JsonPathException($"\"{text}\" is not an index in {expression}");

    private static IEnumerable<JsonNode?> Slice(JsonArray array, int? from, int? to)
    {
        int Clamp(int i) => Math.Clamp(i < 0 ? array.Count + i : i, 0, array.Count);
        var start = Clamp(from ?? 0);
        var end = Clamp(to ?? array.Count);
        for (var i = start; i < end; i++)
        {
            yield return array[i];
        }
    }

    private static Func<JsonNode?, bool> Filter(string condition)
    {
        foreach (var op in Operators)
        {
            var at = OutsideQuotes(condition, op);
            if (at < 0)
            {
                continue;
            }
            var left = Parse(condition[..at].Trim());
            var right = condition[(at + op.Length)..].Trim();
            return node => left.Select(node, node).Any(value => Compare(value, op, right, node));
        }
        var exists = Parse(condition);
        return node => exists.Select(node, node).Any(n => n is not null);
    }

    private static bool Compare(JsonNode? value, string op, string literal, JsonNode? node)
    {
        if (value is null)
        {
            return false;
        }
        if (literal.StartsWith('@'))
        {
            return Parse(literal).Select(node, node).Any(other => other is not null && Compare(value, op, other.ToJsonString(), node));
        }
        if (literal.Length >= 2 && literal[0] is '\'' or '"' && literal[^1] == literal[0])
        {
            literal = JsonValue.Create(literal[1..^1]).ToJsonString();
        }
        if (value.GetValueKind() == JsonValueKind.Number && double.TryParse(literal, NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
        {
            var actual = value.GetValue<double>();
            return op switch
            {
                "==" => actual == number,
                "!=" => actual != number,
                "<" => actual < number,
                ">" => actual > number,
                "<=" => actual <= number,
                _ => actual >= number,
            };
        }
        var equal = value.ToJsonString() == literal;
        return op switch
        {
            "==" => equal,
            "!=" => !equal,
            _ => false,
        };
    }

    private static int OutsideQuotes(string text, string op)
    {
        char? quote = null;
        for (var i = 0; i + op.Length <= text.Length; i++)
        {
            var c = text[i];
            if (quote is not null)
            {
                quote = c == quote ? null : quote;
            }
            else if (c is '"' or '\'')
            {
                quote = c;
            }
            else if (string.CompareOrdinal(text, i, op, 0, op.Length) == 0)
            {
                return i;
            }
        }
        return -1;
    }

    private static IEnumerable<JsonNode?> Field(JsonNode? node, string name) =>
        node is JsonObject map && map.TryGetPropertyValue(name, out var value) ? (IEnumerable<JsonNode?>)[value] : [];

    private static IEnumerable<JsonNode?> Children(JsonNode? node) => node switch
    {
        JsonArray array => array,
        JsonObject map => map.Select(e => e.Value),
        _ => [],
    };

    private static IEnumerable<JsonNode?> Descendants(JsonNode? node)
    {
        yield return node;
        foreach (var child in Children(node))
        {
            foreach (var descendant in Descendants(child))
            {
                yield return descendant;
            }
        }
    }
}
