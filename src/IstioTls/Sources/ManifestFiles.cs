using IstioTls.Documents;
using IstioTls.Model;

namespace IstioTls.Sources;

/// <summary>
/// The <c>-f</c> source: files, directories (every <c>.yaml</c>, <c>.yml</c>, <c>.json</c> below,
/// in a stable order) and <c>-</c> for standard input, as <c>istioctl analyze</c> and
/// <c>kubectl apply -f</c> take them.
/// </summary>
public static class ManifestFiles
{
    public const string StdinName = "-";

    private static readonly string[] Extensions = [".yaml", ".yml", ".json"];

    /// <param name="inspectCertificates">Also read the Secrets in the files, for
    /// <c>--inspect-certs</c>; otherwise Secrets are ignored like any other kind.</param>
    /// <param name="keep">Where to keep each object whole, which only plans that write objects
    /// back need.</param>
    public static ConfigSnapshot Load(IEnumerable<string> paths, Func<Stream>? stdin = null, bool inspectCertificates = false, ObjectsAsRead? keep = null)
    {
        var builder = new SnapshotBuilder(inspectCertificates, keep);
        var origins = new List<string>();
        foreach (var (origin, open) in Expand(paths, stdin))
        {
            origins.Add(origin);
            byte[] bytes;
            try
            {
                using var stream = open();
                bytes = ReadAll(stream);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new InputException($"{origin}: cannot read: {e.Message}");
            }
            var decoded = ManifestReader.Read(origin, bytes, document => builder.Decode(document, origin));
            bytes = [];
            foreach (var objects in decoded)
            {
                builder.Accept(objects);
            }
        }
        var snapshot = builder.Build(new FilesOrigin([.. paths]));
        // As kubectl apply -f: no objects is an error, never an empty and so clean report.
        return snapshot.ObjectCount > 0
            ? snapshot
            : throw new InputException($"{string.Join(", ", origins)}: no objects (a Kubernetes object has apiVersion and kind)");
    }

    // A file is read into one array of its size: copying through a MemoryStream held its
    // doubled buffer and the copy, twice the largest file, at once.
    private static byte[] ReadAll(Stream stream)
    {
        using var buffer = new MemoryStream();
        if (stream.CanSeek && stream.Length - stream.Position is var length and > 0 && length <= Array.MaxLength)
        {
            var bytes = new byte[length];
            var read = stream.ReadAtLeast(bytes, bytes.Length, throwOnEndOfStream: false);
            if (read < bytes.Length)
            {
                return bytes[..read];
            }
            var next = stream.ReadByte();
            if (next < 0)
            {
                return bytes;
            }
            // The file grew while it was read: the rest as it comes.
            buffer.Write(bytes);
            buffer.WriteByte((byte)next);
        }
        stream.CopyTo(buffer);
        return buffer.ToArray();
    }

    public static IEnumerable<(string Origin, Func<Stream> Open)> Expand(IEnumerable<string> paths, Func<Stream>? stdin = null)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var path in paths)
        {
            if (path == StdinName)
            {
                var open = stdin ?? Console.OpenStandardInput;
                yield return ("<stdin>", open);
                continue;
            }
            if (File.Exists(path))
            {
                if (seen.Add(Path.GetFullPath(path)))
                {
                    yield return (path, () => File.OpenRead(path));
                }
            }
            else if (Directory.Exists(path))
            {
                var files = Directory.EnumerateFiles(path, "*", new EnumerationOptions { RecurseSubdirectories = true })
                    .Where(f => Extensions.Contains(Path.GetExtension(f), StringComparer.OrdinalIgnoreCase))
                    .Order(StringComparer.Ordinal)
                    .ToList();
                if (files.Count == 0)
                {
                    throw new InputException($"{path}: no objects: the directory has no manifest files ({string.Join(", ", Extensions)})");
                }
                foreach (var file in files)
                {
                    if (seen.Add(Path.GetFullPath(file)))
                    {
                        yield return (file, () => File.OpenRead(file));
                    }
                }
            }
            else
            {
                throw new InputException($"{path}: no such file or directory");
            }
        }
    }
}
