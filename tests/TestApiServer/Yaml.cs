using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace IstioTls.TestApiServer;

/// <summary>YAML to JsonNode and back, with the scalar typing Kubernetes manifests expect.</summary>
public static partial class Yaml
{
    /// <summary>Every document of a (multi-document) YAML text; empty documents are skipped.</summary>
    public static List<JsonNode> ParseDocuments(string text)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlException e)
        {
            throw new FormatException($"invalid YAML: {e.Message}", e);
        }
        return [.. stream.Documents.Select(d => ToJson(d.RootNode)).OfType<JsonNode>()];
    }

    static JsonNode? ToJson(YamlNode node) => node switch
    {
        YamlMappingNode map => new JsonObject(map.Children.Select(kv =>
            KeyValuePair.Create(((YamlScalarNode)kv.Key).Value ?? "", ToJson(kv.Value)))),
        YamlSequenceNode seq => new JsonArray([.. seq.Children.Select(ToJson)]),
        YamlScalarNode scalar => Scalar(scalar),
        _ => null,
    };

    // Plain scalars follow the YAML 1.2 core schema; quoted ones are always strings.
    static JsonNode? Scalar(YamlScalarNode s)
    {
        var v = s.Value ?? "";
        if (s.Style is not ScalarStyle.Plain)
        {
            return JsonValue.Create(v);
        }
        switch (v)
        {
            case "" or "~" or "null" or "Null" or "NULL":
                return null;
            case "true" or "True" or "TRUE":
                return JsonValue.Create(true);
            case "false" or "False" or "FALSE":
                return JsonValue.Create(false);
        }
        if (IntRegex().IsMatch(v) && long.TryParse(v, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l))
        {
            return JsonValue.Create(l);
        }
        if (FloatRegex().IsMatch(v) && double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out var d))
        {
            return JsonValue.Create(d);
        }
        return JsonValue.Create(v);
    }

    /// <summary>Writes documents as multi-document YAML.</summary>
    public static string Emit(IEnumerable<JsonNode> documents)
    {
        var sb = new StringBuilder();
        var first = true;
        foreach (var doc in documents)
        {
            if (!first)
            {
                sb.Append("---\n");
            }
            first = false;
            EmitNode(sb, doc, 0, inSequence: false);
        }
        return sb.ToString();
    }

    static void EmitNode(StringBuilder sb, JsonNode? node, int indent, bool inSequence)
    {
        var pad = new string(' ', indent);
        switch (node)
        {
            case JsonObject o when o.Count > 0:
                var firstKey = true;
                foreach (var (k, v) in o)
                {
                    // The first key of a sequence item shares the line with its "- ".
                    if (!(inSequence && firstKey))
                    {
                        sb.Append(pad);
                    }
                    firstKey = false;
                    sb.Append(ScalarText(k)).Append(':');
                    EmitValue(sb, v, indent + 2, isListValue: v is JsonArray { Count: > 0 }, baseIndent: indent);
                }
                break;
            case JsonArray a when a.Count > 0:
                foreach (var item in a)
                {
                    sb.Append(pad).Append("- ");
                    if (item is JsonObject { Count: > 0 } or JsonArray { Count: > 0 })
                    {
                        if (item is JsonArray)
                        {
                            sb.Append('\n');
                            EmitNode(sb, item, indent + 2, inSequence: false);
                        }
                        else
                        {
                            EmitNode(sb, item, indent + 2, inSequence: true);
                        }
                    }
                    else
                    {
                        sb.Append(Inline(item)).Append('\n');
                    }
                }
                break;
            default:
                sb.Append(pad).Append(Inline(node)).Append('\n');
                break;
        }
    }

    static void EmitValue(StringBuilder sb, JsonNode? v, int childIndent, bool isListValue, int baseIndent)
    {
        if (v is JsonObject { Count: > 0 })
        {
            sb.Append('\n');
            EmitNode(sb, v, childIndent, inSequence: false);
        }
        else if (isListValue)
        {
            sb.Append('\n');
            EmitNode(sb, v, baseIndent, inSequence: false);
        }
        else
        {
            sb.Append(' ').Append(Inline(v)).Append('\n');
        }
    }

    static string Inline(JsonNode? node) => node switch
    {
        null => "null",
        JsonObject => "{}",
        JsonArray => "[]",
        JsonValue v when v.GetValueKind() == JsonValueKind.String => ScalarText(v.GetValue<string>()),
        _ => node.ToJsonString(),
    };

    // Quote anything a YAML reader could take for another type or for syntax.
    static string ScalarText(string s) =>
        SafePlainRegex().IsMatch(s) && !ReservedRegex().IsMatch(s) && !IntRegex().IsMatch(s) && !FloatRegex().IsMatch(s)
            ? s
            : JsonSerializer.Serialize(s, StringContext.Default.String);

    [GeneratedRegex(@"^[-+]?[0-9]+$")]
    private static partial Regex IntRegex();

    [GeneratedRegex(@"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$|^[-+]?\.(inf|Inf|INF)$|^\.(nan|NaN|NAN)$")]
    private static partial Regex FloatRegex();

    [GeneratedRegex(@"^[A-Za-z0-9_./][A-Za-z0-9_./ -]*$")]
    private static partial Regex SafePlainRegex();

    [GeneratedRegex(@"^(~|null|Null|NULL|true|True|TRUE|false|False|FALSE|yes|Yes|YES|no|No|NO|on|On|ON|off|Off|OFF|y|Y|n|N)$|\s$|^\s| #|: ")]
    private static partial Regex ReservedRegex();
}

[System.Text.Json.Serialization.JsonSerializable(typeof(string))]
internal sealed partial class StringContext : System.Text.Json.Serialization.JsonSerializerContext;
