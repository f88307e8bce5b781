using System.Text;

namespace IstioTls.Printers.JsonPath;

/// <summary>Splits a template into text, <c>{expressions}</c> and <c>{range}...{end}</c> blocks.</summary>
internal static class TemplateParser
{
    public static IReadOnlyList<Part> Parse(string template)
    {
        var stack = new Stack<(PathExpression? Range, List<Part> Parts)>();
        var parts = new List<Part>();
        PathExpression? range = null;
        var text = new StringBuilder();
        for (var i = 0; i < template.Length; i++)
        {
            if (template[i] != '{')
            {
                text.Append(template[i]);
                continue;
            }
            var close = Close(template, i);
            var action = template[(i + 1)..close].Trim();
            i = close;
            if (text.Length > 0)
            {
                parts.Add(new TextPart(text.ToString()));
                text.Clear();
            }
            if (action.StartsWith('"'))
            {
                parts.Add(new TextPart(Unquote(action)));
            }
            else if (action.StartsWith("range ", StringComparison.Ordinal))
            {
                stack.Push((range, parts));
                range = PathExpression.Parse(action["range ".Length..].Trim());
                parts = [];
            }
            else if (action == "end")
            {
                if (stack.Count == 0)
                {
                    throw new JsonPathException("{end} without {range}");
                }
                var body = parts;
                var finished = range!;
                (range, parts) = stack.Pop();
                parts.Add(new RangePart(finished, body));
            }
            else
            {
                parts.Add(new ExpressionPart(PathExpression.Parse(action)));
            }
        }
        if (stack.Count > 0)
        {
            throw new JsonPathException("{range} without {end}");
        }
        if (text.Length > 0)
        {
            parts.Add(new TextPart(text.ToString()));
        }
        return parts;
    }

    // The closing brace, skipping quoted text, where braces are text.
    private static int Close(string template, int open)
    {
        char? quote = null;
        for (var i = open + 1; i < template.Length; i++)
        {
            var c = template[i];
            if (quote is not null)
            {
                if (c == '\\')
                {
                    i++;
                }
                else if (c == quote)
                {
                    quote = null;
                }
            }
            else if (c is '"' or '\'')
            {
                quote = c;
            }
            else if (c == '}')
            {
                return i;
            }
        }
        throw new JsonPathException($"unclosed action at character {open + 1}");
    }

    private static string Unquote(string quoted)
    {
        if (quoted.Length < 2 || quoted[^1] != '"')
        {
            throw new JsonPathException($"unterminated quoted text {quoted}");
        }
        var text = new StringBuilder();
        for (var i = 1; i < quoted.Length - 1; i++)
        {
            if (quoted[i] == '\\' && i + 1 < quoted.Length - 1)
            {
                i++;
                text.Append(quoted[i] switch { 'n' => '\n', 't' => '\t', 'r' => '\r', var c => c });
            }
            else
            {
                text.Append(quoted[i]);
            }
        }
        return text.ToString();
    }
}
