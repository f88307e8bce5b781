using System.Text.Json;
using System.Text.Json.Nodes;
using IstioTls.Analysis;
using IstioTls.Documents;
using IstioTls.Model;

namespace IstioTls.Plans.Merge;

/// <summary>
/// Whether servers can become one: their <c>tls</c> blocks must be equal apart from hosts. The
/// blocks are compared as written, field by field, so that a field this tool does not know
/// (a newer Istio's) also keeps servers apart; only spellings of the same thing are made equal:
/// <c>kubernetes://name</c> and <c>name</c>, one <c>credentialNames</c> entry and
/// <c>credentialName</c>, an unset field and its empty or false value.
/// </summary>
internal static class TlsSettings
{
    /// <summary>The fields whose values differ between the survivor's server and any other.</summary>
    public static IReadOnlyList<string> Differences(ObjectsAsRead objects, Server survivor, IEnumerable<Server> others)
    {
        var reference = Normalized(objects, survivor);
        var fields = new List<string>();
        foreach (var other in others)
        {
            var tls = Normalized(objects, other);
            foreach (var key in reference.Select(p => p.Key).Concat(tls.Select(p => p.Key)))
            {
                if (!fields.Contains(key) && !JsonNode.DeepEquals(reference[key], tls[key]))
                {
                    fields.Add(key);
                }
            }
        }
        return fields;
    }

    /// <summary>"field (gateway server 0: value; gateway server 1: value)" for the people reading the plan.</summary>
    public static string Describe(ObjectsAsRead objects, string field, IEnumerable<Server> servers) =>
        $"{field} ({string.Join("; ", servers.Select(s => $"{s}: {Text(Normalized(objects, s)[field])}"))})";

    private static JsonObject Normalized(ObjectsAsRead objects, Server server)
    {
        var result = new JsonObject();
        if (ServerJson.Of(objects, server)["tls"] is not JsonObject tls)
        {
            return result;
        }
        foreach (var (key, value) in tls)
        {
            if (!IsUnset(value))
            {
                result[key] = value!.DeepClone();
            }
        }
        if (result["mode"] is JsonValue mode && mode.TryGetValue(out string? modeText))
        {
            result["mode"] = modeText.ToUpperInvariant();
        }
        if (result["credentialName"] is JsonValue name && name.TryGetValue(out string? nameText))
        {
            result["credentialName"] = CredentialName.SecretName(nameText);
        }
        if (result["credentialNames"] is JsonArray names)
        {
            var secrets = names.Select(n => n is JsonValue v && v.TryGetValue(out string? s) ? CredentialName.SecretName(s) : null).ToList();
            result.Remove("credentialNames");
            if (secrets.Count == 1 && result["credentialName"] is null)
            {
                result["credentialName"] = secrets[0];
            }
            else
            {
                result["credentialNames"] = new JsonArray([.. secrets.Select(s => (JsonNode?)JsonValue.Create(s))]);
            }
        }
        return result;
    }

    private static bool IsUnset(JsonNode? value) => value switch
    {
        null => true,
        JsonArray list => list.Count == 0,
        JsonObject map => map.Count == 0,
        JsonValue v => v.GetValueKind() switch
        {
            JsonValueKind.False or JsonValueKind.Null => true,
            JsonValueKind.String => v.GetValue<string>().Length == 0,
            _ => false,
        },
        _ => false,
    };

    private static string Text(JsonNode? value) => value switch
    {
        null => "unset",
        JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>(),
        _ => value.ToJsonString(),
    };
}
