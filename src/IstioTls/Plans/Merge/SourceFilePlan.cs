using System.Text.Json.Nodes;
using IstioTls.Documents;
using IstioTls.Model;

namespace IstioTls.Plans.Merge;

/// <summary>One manifest file as the plan leaves it: its new text, or null when nothing is left
/// in it and it is deleted.</summary>
/// <param name="Removed">The objects whose documents were removed from it.</param>
public sealed record SourceFileChange(string Path, string Before, string? After, IReadOnlyList<ObjectRef> Removed)
{
    public bool Deleted => After is null;
}

/// <summary>
/// The merge plan made on the manifest files it was read from, for a Git repository rather than
/// a cluster (<c>merge --write</c>, <c>--diff</c>): the text is edited where the plan changes it
/// (a Gateway's servers, a VirtualService's gateway lists, a removed document), so that comments,
/// key order, quoting, indentation and line endings stay as they were everywhere else.
/// </summary>
public static class SourceFilePlan
{
    /// <param name="texts">Each file's text, by path as read.</param>
    /// <param name="files">The file each object of the plan was read from.</param>
    public static IReadOnlyList<SourceFileChange> Make(MergePlan plan, IReadOnlyDictionary<string, string> texts, IReadOnlyDictionary<ObjectRef, string> files)
    {
        var edits = new Dictionary<string, List<TextEdit>>(StringComparer.Ordinal);
        var removed = new Dictionary<string, List<ObjectRef>>(StringComparer.Ordinal);
        var maps = new Dictionary<string, IReadOnlyList<SourceDocument>>(StringComparer.Ordinal);
        IReadOnlyList<SourceDocument> Map(string path) =>
            maps.TryGetValue(path, out var map) ? map : maps[path] = SourceMap.Read(texts[path], path);
        List<TextEdit> EditsOf(string path) => edits.TryGetValue(path, out var list) ? list : edits[path] = [];

        foreach (var planned in plan.Apply)
        {
            var path = File(files, planned.Target);
            var (_, node) = Find(Map(path), planned.Target, path);
            var text = texts[path];
            EditsOf(path).AddRange(planned.Role == PlannedRole.VirtualService
                ? GatewayLists(text, node, planned, path)
                : Servers(text, node, planned, path));
        }
        foreach (var deletion in plan.Delete)
        {
            var path = File(files, deletion.Target);
            var (document, node) = Find(Map(path), deletion.Target, path);
            EditsOf(path).Add(RemoveObject(texts[path], Map(path), document, node, path));
            (removed.TryGetValue(path, out var list) ? list : removed[path] = []).Add(deletion.Target);
        }

        var changes = new List<SourceFileChange>();
        foreach (var (path, fileEdits) in edits.OrderBy(e => e.Key, StringComparer.Ordinal))
        {
            var before = texts[path];
            var after = SourceEdits.Apply(before, fileEdits);
            if (after == before)
            {
                continue;
            }
            changes.Add(new SourceFileChange(path, before, HoldsNothing(after) ? null : after, removed.GetValueOrDefault(path) ?? []));
        }
        return changes;
    }

    private static string File(IReadOnlyDictionary<ObjectRef, string> files, ObjectRef target) =>
        files.TryGetValue(target, out var path) ? path : throw new PlanException($"{target}: not read from a file that can be edited");

    /// <summary>The document (and, in a List, the item) that defines the object.</summary>
    private static (SourceDocument Document, SourceMapping Node) Find(IReadOnlyList<SourceDocument> documents, ObjectRef target, string path)
    {
        foreach (var document in documents)
        {
            // A null check, not an `is { } x` pattern used after the statement: Stryker cannot compile the
            // mutants of such a pattern one by one and drops every mutant of the method (docs/mutation-testing.md).
            var root = document.Root as SourceMapping;
            if (root is null)
            {
                continue;
            }
            if (Names(root, target))
            {
                return (document, root);
            }
            var items = root.Text("kind")?.EndsWith("List", StringComparison.Ordinal) == true ? root["items"] as SourceSequence : null;
            foreach (var item in items?.Items.OfType<SourceMapping>().Where(i => Names(i, target)) ?? [])
            {
                return (document, item);
            }
        }
        throw new PlanException($"{path}: {target} is not where it was read");
    }

    private static bool Names(SourceMapping obj, ObjectRef target) =>
        obj.Text("kind") == target.Kind
        && obj.Text("apiVersion") == target.ApiVersion
        && obj["metadata"] is SourceMapping metadata
        && metadata.Text("name") == target.Name
        && (metadata.Text("namespace") is { Length: > 0 } ns ? ns : "default") == target.Namespace;

    /// <summary>A Gateway's servers as the plan leaves them: the plan keeps servers in their
    /// order and changes only the hosts of a merged server, so each planned server is matched
    /// to the one it was (same fields but hosts) and the others are removed.</summary>
    private static IEnumerable<TextEdit> Servers(string text, SourceMapping gateway, PlannedObject planned, string path)
    {
        var before = planned.Original["spec"]?["servers"] as JsonArray ?? [];
        var after = planned.Object["spec"]?["servers"] as JsonArray ?? [];
        if ((gateway["spec"] as SourceMapping)?["servers"] is not SourceSequence list || list.Items.Count != before.Count)
        {
            throw new PlanException($"{path}: the servers of {planned.Target} are not where they were read");
        }
        var next = 0;
        for (var index = 0; index < before.Count; index++)
        {
            if (next < after.Count && SameButHosts(before[index], after[next]))
            {
                var hosts = (after[next]!["hosts"] as JsonArray ?? []).Select(h => h?.GetValue<string>() ?? "").ToList();
                if ((list.Items[index] as SourceMapping)?["hosts"] is SourceSequence written)
                {
                    foreach (var edit in SourceEdits.ReplaceScalars(text, written, hosts))
                    {
                        yield return edit;
                    }
                }
                next++;
            }
            else
            {
                yield return SourceEdits.RemoveItem(text, list, index);
            }
        }
        if (next != after.Count)
        {
            throw new PlanException($"{path}: the servers planned for {planned.Target} are not a subset of its servers");
        }
    }

    private static bool SameButHosts(JsonNode? before, JsonNode? after)
    {
        if (before is not JsonObject b || after is not JsonObject a)
        {
            return false;
        }
        var left = b.DeepClone().AsObject();
        var right = a.DeepClone().AsObject();
        left.Remove("hosts");
        right.Remove("hosts");
        return JsonNode.DeepEquals(left, right);
    }

    /// <summary>A VirtualService's gateway lists, where <see cref="GatewayReferences.Lists"/>
    /// finds them: each list the plan changes is made to name what it names after the merge.</summary>
    private static IEnumerable<TextEdit> GatewayLists(string text, SourceMapping vs, PlannedObject planned, string path)
    {
        var before = GatewayReferences.Lists(planned.Original["spec"]).ToList();
        var after = GatewayReferences.Lists(planned.Object["spec"]).ToList();
        var written = GatewayReferencePlaces.Lists<SourceNode?>(vs["spec"], (node, key) => (node as SourceMapping)?[key], node => (node as SourceSequence)?.Items ?? []).ToList();
        if (before.Count != after.Count || before.Count != written.Count)
        {
            throw new PlanException($"{path}: the gateway lists of {planned.Target} are not where they were read");
        }
        for (var i = 0; i < before.Count; i++)
        {
            var names = (after[i].List as JsonArray ?? []).Select(n => n?.GetValue<string>() ?? "").ToList();
            if (written[i].List is SourceSequence list)
            {
                foreach (var edit in SourceEdits.ReplaceScalars(text, list, names))
                {
                    yield return edit;
                }
            }
        }
    }

    /// <summary>Removes a document with the <c>---</c> line before it (the first document: its
    /// object's lines and the <c>---</c> after it, so that the file's opening comment stays), or
    /// an item of a List.</summary>
    private static TextEdit RemoveObject(string text, IReadOnlyList<SourceDocument> documents, SourceDocument document, SourceMapping node, string path)
    {
        if (document.Root != node)
        {
            var items = (SourceSequence)((SourceMapping)document.Root!)["items"]!;
            return SourceEdits.RemoveItem(text, items, items.Items.ToList().IndexOf(node));
        }
        if (node.Flow)
        {
            // JSON: one object to a file.
            return documents.Count == 1 ? new TextEdit(0, text.Length, "") : throw new PlanException($"{path}: a JSON file with several objects is not edited in place");
        }
        if (document.SeparatorStart >= 0)
        {
            return new TextEdit(document.SeparatorStart, document.RegionEnd, "");
        }
        var next = document.RegionEnd < text.Length ? SourceMap.LineEnd(text, document.RegionEnd) : text.Length;
        return new TextEdit(SourceMap.LineStart(text, node.Start), next, "");
    }

    /// <summary>True when only comments, blank lines and separators are left.</summary>
    private static bool HoldsNothing(string text) =>
        text.Split('\n').Select(l => l.Trim()).All(l => l.Length == 0 || l.StartsWith('#') || l == "---" || l.StartsWith("--- ", StringComparison.Ordinal));
}
