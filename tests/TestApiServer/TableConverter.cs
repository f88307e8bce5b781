using System.Globalization;
using System.Text.Json.Nodes;

namespace IstioTls.TestApiServer;

/// <summary>
/// meta.k8s.io/v1 Table responses, for kubectl's human-readable get. Custom resources without printer
/// columns get Name and Age, as from a real server; namespaces add Status, pods Status and Restarts.
/// </summary>
internal static class TableConverter
{
    const string NameDescription = "Name must be unique within a namespace. Is required when creating resources, although some resources may allow a client to request the generation of an appropriate name automatically. Name is primarily intended for creation idempotence and configuration definition. Cannot be updated. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/names#names";
    const string AgeDescription = "CreationTimestamp is a timestamp representing the server time when this object was created. It is not guaranteed to be set in happens-before order across separate operations. Clients may not set this value. It is represented in RFC3339 form and is in UTC.\n\nPopulated by the system. Read-only. Null for lists. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata";

    public static JsonObject Convert(ResourceType type, string version, IReadOnlyList<StoredObject> items, string resourceVersion, string? continueToken, long? remaining, string includeObject)
    {
        var columns = new JsonArray { Column("Name", "string", "name", NameDescription) };
        var extra = ExtraColumns(type);
        foreach (var (name, _) in extra)
        {
            columns.Add(Column(name, "string", "", name));
        }
        columns.Add(Column("Age", type.IsCustomResource ? "date" : "string", "", AgeDescription));

        var rows = new JsonArray();
        foreach (var item in items)
        {
            var cells = new JsonArray { item.Name };
            JsonObject? full = extra.Count > 0 || includeObject == "Object" ? item.ToNode(type.ApiVersion(version)) : null;
            foreach (var (_, value) in extra)
            {
                cells.Add(value(full!));
            }
            cells.Add(Age(item.CreationTimestamp));
            var row = new JsonObject { ["cells"] = cells };
            row["object"] = includeObject switch
            {
                "None" => null,
                "Object" => full ?? item.ToNode(type.ApiVersion(version)),
                _ => new JsonObject
                {
                    ["kind"] = "PartialObjectMetadata",
                    ["apiVersion"] = "meta.k8s.io/v1",
                    ["metadata"] = Json.ParseObject(item.MetadataUtf8),
                },
            };
            rows.Add(row);
        }
        var meta = new JsonObject { ["resourceVersion"] = resourceVersion };
        if (continueToken is not null)
        {
            meta["continue"] = continueToken;
        }
        if (remaining is not null)
        {
            meta["remainingItemCount"] = remaining;
        }
        return new JsonObject
        {
            ["kind"] = "Table",
            ["apiVersion"] = "meta.k8s.io/v1",
            ["metadata"] = meta,
            ["columnDefinitions"] = columns,
            ["rows"] = rows,
        };
    }

    // The server, not kubectl, turns timestamps into ages: Go's duration.HumanDuration.
    static string Age(string? timestamp)
    {
        if (timestamp is null || !DateTimeOffset.TryParse(timestamp, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var created))
        {
            return "<unknown>";
        }
        return HumanDuration(DateTimeOffset.UtcNow - created);
    }

    internal static string HumanDuration(TimeSpan d)
    {
        var seconds = (long)d.TotalSeconds;
        if (seconds < -1)
        {
            return "<invalid>";
        }
        if (seconds < 0)
        {
            return "0s";
        }
        if (seconds < 120)
        {
            return Invariant($"{seconds}s");
        }
        var minutes = (long)d.TotalMinutes;
        if (minutes < 10)
        {
            return seconds % 60 == 0 ? Invariant($"{minutes}m") : Invariant($"{minutes}m{seconds % 60}s");
        }
        if (minutes < 180)
        {
            return Invariant($"{minutes}m");
        }
        var hours = (long)d.TotalHours;
        if (hours < 8)
        {
            return minutes % 60 == 0 ? Invariant($"{hours}h") : Invariant($"{hours}h{minutes % 60}m");
        }
        if (hours < 48)
        {
            return Invariant($"{hours}h");
        }
        if (hours < 24 * 8)
        {
            return hours % 24 == 0 ? Invariant($"{hours / 24}d") : Invariant($"{hours / 24}d{hours % 24}h");
        }
        if (hours < 24 * 365 * 2)
        {
            return Invariant($"{hours / 24}d");
        }
        if (hours < 24 * 365 * 8)
        {
            var days = hours / 24 % 365;
            return days == 0 ? Invariant($"{hours / 24 / 365}y") : Invariant($"{hours / 24 / 365}y{days}d");
        }
        return Invariant($"{hours / 24 / 365}y");
    }

    static string Invariant(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);

    static JsonObject Column(string name, string type, string format, string description) => new()
    {
        ["name"] = name,
        ["type"] = type,
        ["format"] = format,
        ["description"] = description,
        ["priority"] = 0,
    };

    static List<(string Name, Func<JsonObject, JsonNode?> Value)> ExtraColumns(ResourceType type) => (type.Group, type.Resource) switch
    {
        ("", "namespaces") => [("Status", o => Json.String(o["status"], "phase") ?? "Active")],
        ("", "pods") =>
        [
            ("Status", o => Json.String(o["status"], "phase") ?? "Pending"),
            ("Restarts", o => (o["status"]?["containerStatuses"] as JsonArray)?.Sum(c => c?["restartCount"]?.GetValue<int>() ?? 0).ToString(CultureInfo.InvariantCulture) ?? "0"),
        ],
        _ => [],
    };
}
