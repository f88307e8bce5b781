using System.Text;
using IstioTls.Documents;
using IstioTls.Model;
using IstioTls.Plans;
using IstioTls.Plans.Merge;
using IstioTls.Sources;

namespace IstioTls.Application;

/// <summary>
/// <c>merge -f PATH --diff | --write</c>: the plan made on the manifest files, for repositories
/// that a GitOps tool applies (a write to the cluster would be reverted by the next sync).
/// Refuses what cannot be edited safely in place, before anything is written: standard input, a
/// Helm template (<c>{{</c>), an object defined twice, a file that cannot be written.
/// </summary>
public static class MergeSourceRun
{
    public static IReadOnlyList<SourceFileChange> Changes(MergeRun run, ManifestInput input)
    {
        var texts = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (origin, open) in ManifestFiles.Expand(input.Paths))
        {
            if (origin == "<stdin>")
            {
                throw new PlanException("standard input cannot be edited in place: give the files with -f PATH");
            }
            using var stream = open();
            using var reader = new StreamReader(stream, new UTF8Encoding(false), detectEncodingFromByteOrderMarks: false);
            texts[origin] = reader.ReadToEnd();
        }
        var files = new Dictionary<ObjectRef, string>();
        foreach (var config in run.Snapshot.Gateways.Cast<ConfigObject>().Concat(run.Snapshot.VirtualServices))
        {
            files.TryAdd(config.Ref, config.Source.Origin);
        }
        var touched = run.Plan.Apply.Select(p => p.Target).Concat(run.Plan.Delete.Select(d => d.Target)).ToHashSet();
        foreach (var path in touched.Select(t => files.GetValueOrDefault(t)).OfType<string>().Distinct())
        {
            EnsureNotTemplate(path, texts[path]);
        }
        EnsureDefinedOnce(touched, texts);
        return SourceFilePlan.Make(run.Plan, texts, files);
    }

    /// <summary>Makes the changes, all or none: every new text is written to a temporary file
    /// beside its file first, and only when all are written are they renamed over the files
    /// (and emptied files deleted).</summary>
    public static void Write(IReadOnlyList<SourceFileChange> changes)
    {
        foreach (var change in changes)
        {
            EnsureWritable(change.Path);
        }
        var written = new List<(SourceFileChange Change, string Temporary)>();
        try
        {
            foreach (var change in changes)
            {
                if (change.After is null)
                {
                    continue;
                }
                var temporary = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(change.Path))!, $".{Path.GetFileName(change.Path)}.istio-tls-{Guid.NewGuid():N}.tmp");
                File.WriteAllText(temporary, change.After, new UTF8Encoding(false));
                written.Add((change, temporary));
                if (!OperatingSystem.IsWindows())
                {
                    File.SetUnixFileMode(temporary, File.GetUnixFileMode(change.Path));
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            foreach (var (_, temporary) in written)
            {
                File.Delete(temporary);
            }
            throw new PlanException($"cannot write: {e.Message}; nothing was changed");
        }
        foreach (var (change, temporary) in written)
        {
            File.Move(temporary, change.Path, overwrite: true);
        }
        foreach (var change in changes.Where(c => c.Deleted))
        {
            File.Delete(change.Path);
        }
    }

    private static void EnsureWritable(string path)
    {
        try
        {
            using (File.Open(path, FileMode.Open, FileAccess.ReadWrite))
            {
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new PlanException($"{path}: cannot be written ({e.Message}); nothing was changed");
        }
    }

    /// <summary>A Helm chart's template is not the manifest it renders: editing the rendered
    /// text in the template would break it.</summary>
    private static void EnsureNotTemplate(string path, string text)
    {
        var at = text.IndexOf("{{", StringComparison.Ordinal);
        if (at >= 0)
        {
            var line = text.AsSpan(0, at).Count('\n') + 1;
            throw new PlanException($"{path}:{line}: a template ({{{{ ... }}}}), not a manifest: edit the template by hand, or run merge on the rendered manifests");
        }
    }

    /// <summary>An object defined in two places (two documents of a folder): which one a GitOps
    /// tool applies last is not known, so neither is edited.</summary>
    private static void EnsureDefinedOnce(IReadOnlySet<ObjectRef> touched, IReadOnlyDictionary<string, string> texts)
    {
        var seen = new Dictionary<(string Kind, string Namespace, string Name), string>();
        foreach (var (path, text) in texts)
        {
            IReadOnlyList<SourceDocument> documents;
            try
            {
                documents = SourceMap.Read(text, path);
            }
            catch (DocumentException)
            {
                // Anchors: not edited, and their objects not compared; the plan's own files
                // are read again (and refused) when edited.
                continue;
            }
            foreach (var obj in documents.Select(d => d.Root).OfType<SourceMapping>().SelectMany(Objects))
            {
                var metadata = obj["metadata"] as SourceMapping;
                (string Kind, string Namespace, string Name) key = (obj.Text("kind") ?? "", metadata?.Text("namespace") is { Length: > 0 } ns ? ns : "default", metadata?.Text("name") ?? "");
                if (!touched.Any(t => (t.Kind, t.Namespace, t.Name) == key))
                {
                    continue;
                }
                var place = $"{path}:{text.AsSpan(0, obj.Start).Count('\n') + 1}";
                if (seen.TryGetValue(key, out var first))
                {
                    throw new PlanException($"{key.Kind} {key.Namespace}/{key.Name} is defined twice ({first} and {place}): not edited, as which one is applied is not known");
                }
                seen[key] = place;
            }
        }
    }

    private static IEnumerable<SourceMapping> Objects(SourceMapping root) =>
        root.Text("kind")?.EndsWith("List", StringComparison.Ordinal) == true && root["items"] is SourceSequence items
            ? items.Items.OfType<SourceMapping>()
            : [root];
}
