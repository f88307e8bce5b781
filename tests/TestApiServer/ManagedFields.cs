using System.Text.Json.Nodes;

namespace IstioTls.TestApiServer;

/// <summary>
/// metadata.managedFields bookkeeping: a simplified server-side apply. Enough to make re-applying the
/// same configuration a no-op, to report conflicts between managers, and to let an applier drop fields.
/// </summary>
internal static class ManagedFields
{
    sealed class Entry
    {
        public required string Manager { get; init; }
        public required string Operation { get; init; }
        public string ApiVersion { get; set; } = "";
        public string? Time { get; set; }
        public string? Subresource { get; init; }
        public HashSet<string> Fields { get; set; } = new(StringComparer.Ordinal);

        public bool Is(string manager, string operation) => Manager == manager && Operation == operation && Subresource is null;

        public JsonObject ToJson()
        {
            var o = new JsonObject { ["manager"] = Manager, ["operation"] = Operation, ["apiVersion"] = ApiVersion };
            if (Time is not null)
            {
                o["time"] = Time;
            }
            o["fieldsType"] = "FieldsV1";
            o["fieldsV1"] = FieldPaths.ToFieldsV1(Fields);
            if (Subresource is not null)
            {
                o["subresource"] = Subresource;
            }
            return o;
        }
    }

    static List<Entry> Read(JsonObject obj)
    {
        var list = new List<Entry>();
        if (obj["metadata"]?["managedFields"] is JsonArray arr)
        {
            foreach (var e in arr.OfType<JsonObject>())
            {
                list.Add(new Entry
                {
                    Manager = Json.String(e, "manager") ?? "",
                    Operation = Json.String(e, "operation") ?? "Update",
                    ApiVersion = Json.String(e, "apiVersion") ?? "",
                    Time = Json.String(e, "time"),
                    Subresource = Json.String(e, "subresource"),
                    Fields = FieldPaths.FromFieldsV1(e["fieldsV1"] as JsonObject),
                });
            }
        }
        return list;
    }

    static void Write(JsonObject obj, List<Entry> entries)
    {
        var meta = Json.Metadata(obj);
        var kept = entries.Where(e => e.Fields.Count > 0).ToList();
        if (kept.Count == 0)
        {
            meta.Remove("managedFields");
        }
        else
        {
            meta["managedFields"] = new JsonArray([.. kept.Select(e => (JsonNode)e.ToJson())]);
        }
    }

    /// <summary>Records a create, update or patch: the manager now owns what it changed; others lose it.</summary>
    public static void RecordUpdate(JsonObject updated, JsonObject? previous, string manager, string apiVersion)
    {
        var entries = Read(previous ?? updated);
        var before = previous is null ? new HashSet<string>(StringComparer.Ordinal) : FieldPaths.Leaves(previous);
        var after = FieldPaths.Leaves(updated);
        var changed = after.Where(p => previous is null || !JsonNode.DeepEquals(FieldPaths.ValueAt(previous, p), FieldPaths.ValueAt(updated, p))).ToHashSet(StringComparer.Ordinal);
        var removed = before.Where(p => !after.Contains(p)).ToHashSet(StringComparer.Ordinal);
        if (changed.Count == 0 && removed.Count == 0)
        {
            Write(updated, entries);
            return;
        }
        foreach (var e in entries)
        {
            e.Fields.ExceptWith(changed);
            e.Fields.ExceptWith(removed);
        }
        var mine = entries.FirstOrDefault(e => e.Is(manager, "Update"));
        if (mine is null)
        {
            mine = new Entry { Manager = manager, Operation = "Update" };
            entries.Add(mine);
        }
        mine.Fields.UnionWith(changed);
        mine.ApiVersion = apiVersion;
        mine.Time = Json.Timestamp(DateTimeOffset.UtcNow);
        Write(updated, entries);
    }

    /// <summary>
    /// Server-side apply of <paramref name="applied"/> onto <paramref name="current"/> (null: create).
    /// Returns the object to store, or null when the apply changes nothing at all.
    /// </summary>
    public static JsonObject? Apply(JsonObject? current, JsonObject applied, string manager, bool force, string apiVersion, ResourceType type, string name)
    {
        var appliedFields = FieldPaths.Leaves(applied);
        if (current is null)
        {
            var created = (JsonObject)applied.DeepClone();
            var entry = new Entry { Manager = manager, Operation = "Apply", ApiVersion = apiVersion, Time = Json.Timestamp(DateTimeOffset.UtcNow), Fields = appliedFields };
            Write(created, [entry]);
            return created;
        }

        var entries = Read(current);
        var mine = entries.FirstOrDefault(e => e.Is(manager, "Apply"));
        var conflicts = new List<(string Manager, string ApiVersion, string Path)>();
        var tookOver = false;
        foreach (var other in entries.Where(e => e != mine))
        {
            foreach (var path in appliedFields.Where(other.Fields.Contains))
            {
                if (JsonNode.DeepEquals(FieldPaths.ValueAt(current, path), FieldPaths.ValueAt(applied, path)))
                {
                    continue;
                }
                if (force)
                {
                    other.Fields.Remove(path);
                    tookOver = true;
                }
                else
                {
                    conflicts.Add((other.Manager, other.ApiVersion, path));
                }
            }
        }
        if (conflicts.Count > 0)
        {
            throw ConflictError(conflicts, type, name);
        }

        var result = (JsonObject)current.DeepClone();
        foreach (var path in appliedFields)
        {
            FieldPaths.SetAt(result, path, FieldPaths.ValueAt(applied, path));
        }
        if (mine is not null)
        {
            foreach (var dropped in mine.Fields.Where(p => !appliedFields.Contains(p)))
            {
                if (!entries.Any(e => e != mine && e.Fields.Contains(dropped)))
                {
                    FieldPaths.RemoveAt(result, dropped);
                }
            }
        }

        var sameFields = mine is not null && mine.Fields.SetEquals(appliedFields) && mine.ApiVersion == apiVersion;
        if (mine is null)
        {
            mine = new Entry { Manager = manager, Operation = "Apply" };
            entries.Add(mine);
        }
        mine.Fields = appliedFields;
        mine.ApiVersion = apiVersion;
        var stripped = (JsonObject)result.DeepClone();
        Json.Metadata(stripped).Remove("managedFields");
        var currentStripped = (JsonObject)current.DeepClone();
        Json.Metadata(currentStripped).Remove("managedFields");
        if (sameFields && !tookOver && JsonNode.DeepEquals(stripped, currentStripped))
        {
            return null;
        }
        mine.Time = Json.Timestamp(DateTimeOffset.UtcNow);
        Write(result, entries);
        return JsonNode.DeepEquals(result, current) ? null : result;
    }

    static ApiException ConflictError(List<(string Manager, string ApiVersion, string Path)> conflicts, ResourceType type, string name)
    {
        string message;
        if (conflicts.Count == 1)
        {
            var c = conflicts[0];
            message = $"Apply failed with 1 conflict: conflict with \"{c.Manager}\" using {c.ApiVersion}: {FieldPaths.Display(c.Path)}";
        }
        else
        {
            var lines = conflicts.GroupBy(c => (c.Manager, c.ApiVersion))
                .Select(g => $"conflicts with \"{g.Key.Manager}\" using {g.Key.ApiVersion}:\n" + string.Join("\n", g.Select(c => "- " + FieldPaths.Display(c.Path))));
            message = $"Apply failed with {conflicts.Count} conflicts: " + string.Join("\n", lines);
        }
        var details = new JsonObject { ["name"] = name };
        if (type.Group.Length > 0)
        {
            details["group"] = type.Group;
        }
        details["kind"] = type.Resource;
        details["causes"] = new JsonArray([.. conflicts.Select(c => (JsonNode)new JsonObject
        {
            ["type"] = "FieldManagerConflict",
            ["message"] = $"conflict with \"{c.Manager}\" using {c.ApiVersion}",
            ["field"] = FieldPaths.Display(c.Path),
        })]);
        return new ApiException(409, "Conflict", message, details);
    }
}
