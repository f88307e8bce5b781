using System.Text;
using System.Text.Json.Nodes;
using IstioTls.Documents;
using IstioTls.Sources;
using Xunit.Abstractions;

namespace IstioTls.Tests.Hostile.Differential;

/// <summary>
/// Our reader against the real kubectl on every file of <see cref="KubectlCorpus"/>: the same
/// objects where kubectl reads the file, an error where kubectl refuses it. The files are
/// batched into a few multi-document kubectl runs; a batch that kubectl refuses or that differs
/// is split until the file is found, so that a failure names it.
/// </summary>
public class KubectlDifferentialTests(ITestOutputHelper output) : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("istio-tls-kubectl-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    /// <summary>Where we differ from kubectl on purpose; the README says the same. Each must
    /// still differ, so that the list cannot outlive a reason.</summary>
    public static readonly Dictionary<string, string> DeliberateDifferences = new()
    {
        ["duplicate key"] = "kubectl's decoder keeps the last of two equal keys (the API server's strict field validation then refuses them); a duplicate is a mistake, so we refuse it at its line",
        ["duplicate key in flow"] = "the same, in a flow mapping",
        ["nested 2000 deep"] = "go-yaml stops at 10,000 levels, we at 1,000 (DocumentLimits.MaxDepth): no manifest comes near either",
        ["flow item -"] = "a lone - as an item of a flow sequence: go-yaml reads the text \"-\", YamlDotNet refuses it; YAML 1.2 calls it an error",
        ["flow item ?a"] = "go-yaml reads ?a in a flow collection as an explicit key; YAML (and YamlDotNet) reads the text \"?a\"",
        ["flow key ?a"] = "the same, as a key",
        ["flow item :a"] = "go-yaml refuses a plain scalar starting with : in a flow collection; YAML 1.2 allows it, and we read it",
        ["flow key :a"] = "the same, as a key",
        ["flow item a?"] = "go-yaml refuses a plain scalar ending with ? in a flow collection; YAML allows it, and we read it",
        ["flow key a?"] = "the same, as a key",
        ["flow item !!str"] = "a tag with no value before a comma: go-yaml drops the item, YamlDotNet refuses the tag; we refuse it, with its place",
        ["YAML directive"] = "kubectl splits files at --- lines before parsing, which cuts a %YAML directive from its document; YAML keeps them together, and we read the document",
        ["separator followed by content"] = "kubectl splits documents at lines starting with --- and refuses anything but a comment after it; YAML allows a document to start on that line, and we read it",
    };

    private static IEnumerable<CorpusFile> Corpus() => KubectlCorpus.Files().Concat(
    [
        new CorpusFile("duplicate key", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n  name: b\n", Alone: true),
        new CorpusFile("duplicate key in flow", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a, name: b}\n", Alone: true),
        new CorpusFile("nested 2000 deep", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\ndata: " + new string('[', 2000) + new string(']', 2000) + "\n", Alone: true),
    ]);

    [Fact]
    public void Our_reader_reads_every_file_as_kubectl_does()
    {
        var kubectl = new KubectlParser(_dir);
        var files = Corpus().ToList();
        var ours = files.ToDictionary(f => f, Ours);
        var theirs = new Dictionary<CorpusFile, (List<string> Objects, string? Error)>();

        // Files we refuse, and stream-level ones, run alone; the rest in batches.
        foreach (var file in files.Where(f => f.Alone || ours[f].Error is not null))
        {
            theirs[file] = Kubectl(kubectl, file.Text);
        }
        foreach (var batch in files.Where(f => !f.Alone && ours[f].Error is null).Chunk(120))
        {
            ResolveBatch(kubectl, batch, ours, theirs);
        }

        var failures = new List<string>();
        foreach (var file in files)
        {
            var (ourObjects, ourError) = ours[file];
            var (theirObjects, theirError) = theirs[file];
            var same = (ourError is null) == (theirError is null) && (ourError is not null || ourObjects.SequenceEqual(theirObjects));
            var deliberate = DeliberateDifferences.ContainsKey(file.Name);
            if (same == deliberate)
            {
                failures.Add(deliberate
                    ? $"{file.Name}: listed as a deliberate difference, but we now read it as kubectl does"
                    : $"{file.Name}:\n  kubectl: {theirError ?? string.Join("\n           ", theirObjects)}\n  ours:    {ourError ?? string.Join("\n           ", ourObjects)}");
            }
        }
        output.WriteLine($"{files.Count} files, {files.Count(f => ours[f].Error is null)} read, {files.Count(f => ours[f].Error is not null)} refused, {kubectl.Runs} kubectl runs");
        Assert.True(files.Count >= 500, $"the corpus has {files.Count} files");
        Assert.True(failures.Count == 0, $"{failures.Count} of {files.Count} files differ from kubectl:\n" + string.Join("\n", failures));
    }

    // A batch kubectl reads as we do is settled at once; otherwise halves, down to one file.
    private static void ResolveBatch(KubectlParser kubectl, CorpusFile[] batch, Dictionary<CorpusFile, (List<string> Objects, string? Error)> ours, Dictionary<CorpusFile, (List<string> Objects, string? Error)> theirs)
    {
        if (batch.Length == 1)
        {
            theirs[batch[0]] = Kubectl(kubectl, batch[0].Text);
            return;
        }
        var (objects, error) = Kubectl(kubectl, string.Concat(batch.Select(f => "---\n" + f.Text)));
        var expected = batch.SelectMany(f => ours[f].Objects).ToList();
        if (error is null && objects.SequenceEqual(expected))
        {
            foreach (var file in batch)
            {
                theirs[file] = (ours[file].Objects, null);
            }
            return;
        }
        var half = batch.Length / 2;
        ResolveBatch(kubectl, batch[..half], ours, theirs);
        ResolveBatch(kubectl, batch[half..], ours, theirs);
    }

    private static (List<string> Objects, string? Error) Kubectl(KubectlParser kubectl, string text)
    {
        var (objects, error) = kubectl.Parse(text);
        return ([.. objects.Select(CanonicalJson.Of)], error);
    }

    // What check -f reads: every document with content, a List's items as kubectl flattens them
    // (any object with an "items" list is one to kubectl's decoder).
    private static (List<string> Objects, string? Error) Ours(CorpusFile file)
    {
        try
        {
            var documents = ManifestReader.Read(file.Name, Encoding.UTF8.GetBytes(file.Text));
            var objects = documents.Select(d => d.Root).Where(r => r is not null)
                .SelectMany(r => r is JsonObject o && o["items"] is JsonArray items ? items : [r]);
            return ([.. objects.Select(CanonicalJson.Of)], null);
        }
        catch (DocumentException e)
        {
            return ([], e.Message);
        }
    }
}
