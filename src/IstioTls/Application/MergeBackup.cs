using System.Globalization;
using System.Text;
using IstioTls.Documents;
using IstioTls.Plans;
using IstioTls.Plans.Merge;

namespace IstioTls.Application;

/// <summary>
/// Before the first write, every object the plan changes or deletes is saved as it was read, as
/// multi-document YAML that <c>kubectl apply -f</c> restores: deleted Gateways are created
/// again and changed objects get their old spec back (Istio's kinds are custom resources, whose
/// lists a merge patch replaces whole). Server-managed fields and resourceVersion are left out,
/// so that the restore applies over the merged objects.
/// </summary>
public static class MergeBackup
{
    public const string FileName = "objects.yaml";

    /// <summary><c>merge-backup-20250102T030405Z</c>: sorts by time, one per run.</summary>
    public static string DefaultDirectory(DateTimeOffset now) =>
        "merge-backup-" + now.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);

    /// <summary>Writes the backup into <paramref name="directory"/> (created when missing) and
    /// returns the file's path. A backup already there is never overwritten: the second run of an
    /// interrupted merge must not replace the first run's originals with half-merged objects.</summary>
    public static string Write(string directory, MergePlan plan)
    {
        var originals = plan.Apply.Select(p => (p.Target, p.Original))
            .Concat(plan.Delete.Select(d => (d.Target, d.Original)))
            .DistinctBy(o => o.Target)
            .Select(o => ManifestObjects.ForRestore(o.Original, o.Target.Namespace))
            .ToList();
        Directory.CreateDirectory(directory);
        for (var n = 1; ; n++)
        {
            var path = Path.Combine(directory, n == 1 ? FileName : $"objects-{n}.yaml");
            FileStream stream;
            try
            {
                stream = new FileStream(path, FileMode.CreateNew, FileAccess.Write);
            }
            catch (IOException) when (File.Exists(path))
            {
                continue;
            }
            using (var writer = new StreamWriter(stream, new UTF8Encoding(false)) { NewLine = "\n" })
            {
                writer.Write(originals.Count == 1
                    ? "# kubectl istio-tls merge: 1 object as it was before the merge.\n"
                    : $"# kubectl istio-tls merge: {originals.Count} objects as they were before the merge.\n");
                writer.Write($"# Restore {(originals.Count == 1 ? "it" : "them")} with: kubectl apply -f {path}\n---\n");
                YamlDocumentWriter.WriteStream(writer, originals);
            }
            return path;
        }
    }
}
