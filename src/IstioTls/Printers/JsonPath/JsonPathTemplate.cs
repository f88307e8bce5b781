using System.Text;
using System.Text.Json.Nodes;

namespace IstioTls.Printers.JsonPath;

/// <summary>
/// kubectl's JSONPath templates (<c>-o jsonpath='{.findings[*].code}'</c>), the subset kubectl
/// documents: text outside braces as written, <c>{"quoted text"}</c> with \n and \t, fields
/// (<c>.a.b</c>, <c>['a']</c>), <c>[n]</c> (negative from the end), <c>[*]</c> and <c>.*</c>,
/// slices <c>[a:b]</c>, recursive descent <c>..name</c>, filters <c>[?(@.a=="x")]</c> (==, !=,
/// &lt;, &gt;, &lt;=, &gt;=, or bare existence) and <c>{range ...}...{end}</c>. As <c>kubectl get</c>,
/// a missing field prints nothing; several results of one expression are separated by spaces;
/// strings print bare and objects as JSON. No library served on NuGet does this AOT-clean.
/// </summary>
public sealed class JsonPathTemplate
{
    private readonly IReadOnlyList<Part> _parts;

    private JsonPathTemplate(IReadOnlyList<Part> parts) => _parts = parts;

    /// <exception cref="JsonPathException">The template does not parse.</exception>
    public static JsonPathTemplate Parse(string template) => new(TemplateParser.Parse(template));

    public string Render(JsonNode? document)
    {
        var output = new StringBuilder();
        Render(_parts, document, document, output);
        return output.ToString();
    }

    private static void Render(IReadOnlyList<Part> parts, JsonNode? root, JsonNode? current, StringBuilder output)
    {
        foreach (var part in parts)
        {
            switch (part)
            {
                case TextPart text:
                    output.Append(text.Text);
                    break;
                case ExpressionPart expression:
                    output.AppendJoin(' ', expression.Path.Select(root, current).Select(Text));
                    break;
                case RangePart range:
                    foreach (var item in range.Path.Select(root, current).SelectMany(Items))
                    {
                        Render(range.Body, root, item, output);
                    }
                    break;
            }
        }
    }

    // {range .list[*]} walks the items; {range .list} too, as kubectl does.
    // (Typed: a bare [node] here would become a JsonArray, which cannot adopt a node that has a parent.)
    private static IEnumerable<JsonNode?> Items(JsonNode? node) => node is JsonArray array ? array : (IEnumerable<JsonNode?>)[node];

    private static string Text(JsonNode? node) => node switch
    {
        null => "",
        JsonValue value when value.TryGetValue<string>(out var text) => text,
        _ => node.ToJsonString(),
    };
}

public sealed class JsonPathException(string message) : Exception(message);

internal abstract record Part;

internal sealed record TextPart(string Text) : Part;

internal sealed record ExpressionPart(PathExpression Path) : Part;

internal sealed record RangePart(PathExpression Path, IReadOnlyList<Part> Body) : Part;
