using System.Text.Json.Nodes;
using CsCheck;
using IstioTls.Analysis;
using IstioTls.Application;
using IstioTls.Model;
using IstioTls.Plans;
using IstioTls.Plans.Merge;
using IstioTls.Tests.Support;

namespace IstioTls.Tests.Merge;

/// <summary>
/// <c>merge -f PATH --diff | --write</c>: the plan made on the files. Golden after-trees for the
/// examples and for files with comments, flow and block lists, quoting, CRLF and a file left
/// empty (Cases/merge-write); a second --write changes nothing; git apply of --diff is --write;
/// after --write, check finds no SharedCertificate the plan merged; on generated clusters the
/// written files read back as the objects a cluster would hold after the merge.
/// </summary>
public class MergeWriteTests
{
    public static TheoryData<string, string> Trees => new()
    {
        { "examples", "merge-write/examples" },
        { "tests/IstioTls.Tests/Cases/merge-write", "merge-write/cases" },
    };

    [Trait("Category", Golden.Category)]
    [Theory]
    [MemberData(nameof(Trees))]
    public void Write_edits_the_files_in_place(string input, string golden)
    {
        using var tree = TempTree.Of(input);
        Directory.CreateDirectory(Path.Combine(Repo.Golden, golden));

        var result = Cli.Run(["merge", "-f", input, "--write"], workingDirectory: tree.Root);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("", result.Stderr);
        Golden.Match($"{golden}/stdout.txt", result.Stdout);
        foreach (var (path, before) in tree.Before)
        {
            var file = Path.Combine(tree.Root, path);
            if (!File.Exists(file))
            {
                Assert.Contains($"deleted {path}: ", result.Stdout, StringComparison.Ordinal);
            }
            else if (File.ReadAllText(file) != before)
            {
                Directory.CreateDirectory(Path.GetDirectoryName(Path.Combine(Repo.Golden, golden, path))!);
                Golden.Match($"{golden}/{path}", File.ReadAllText(file));
            }
        }
        Assert.Empty(Directory.EnumerateFiles(tree.Root, "*.tmp", SearchOption.AllDirectories));

        var again = Cli.Run(["merge", "-f", input, "--write"], workingDirectory: tree.Root);
        Assert.Equal((0, ""), (again.ExitCode, again.Stdout));
        var diff = Cli.Run(["merge", "-f", input, "--diff"], workingDirectory: tree.Root);
        Assert.Equal((0, ""), (diff.ExitCode, diff.Stdout));
    }

    [Trait("Category", Golden.Category)]
    [Fact]
    public void Diff_is_a_unified_diff_with_paths_relative_to_the_working_directory()
    {
        var result = Cli.Run(["merge", "-f", "tests/IstioTls.Tests/Cases/merge-write", "--diff"]);
        Directory.CreateDirectory(Path.Combine(Repo.Golden, "merge-write"));

        Assert.Equal(1, result.ExitCode);
        Golden.Match("merge-write/cases.diff", result.Stdout);
    }

    [Theory]
    [MemberData(nameof(Trees))]
    public void Git_apply_of_the_diff_gives_the_files_write_gives(string input, string golden)
    {
        _ = golden;
        using var applied = TempTree.Of(input);
        using var written = TempTree.Of(input);
        var diff = Cli.Run(["merge", "-f", input, "--diff"], workingDirectory: applied.Root);
        var patch = Path.Combine(applied.Root, "..", $"{Path.GetFileName(applied.Root)}.diff");
        File.WriteAllText(patch, diff.Stdout);

        var apply = Cli.Run(["apply", "--whitespace=nowarn", patch], executable: "git", workingDirectory: applied.Root);
        File.Delete(patch);
        Cli.Run(["merge", "-f", input, "--write"], workingDirectory: written.Root);

        Assert.True(apply.ExitCode == 0, apply.Stderr);
        Assert.Equal(written.Now(), applied.Now());
    }

    [Fact]
    public void After_write_check_finds_no_shared_certificate_the_plan_merged()
    {
        using var tree = TempTree.Of("examples");
        var before = Gateways(Cli.Run(["check", "-f", "examples", "-o", "json"], workingDirectory: tree.Root).Stdout);

        Cli.Run(["merge", "-f", "examples", "--write"], workingDirectory: tree.Root);
        var after = Gateways(Cli.Run(["check", "-f", "examples", "-o", "json"], workingDirectory: tree.Root).Stdout);

        Assert.Equal(["istio-system/default", "istio-system/default2", "istio-system/error-3", "store/store"], before);
        // Gateway API listeners are not merged (one hostname each): that finding stays.
        Assert.Equal(["store/store"], after);
    }

    private static string[] Gateways(string json) =>
        [.. JsonNode.Parse(json)!["findings"]!.AsArray()
            .Where(f => (string?)f!["code"] == FindingCodes.SharedCertificate)
            .SelectMany(f => f!["servers"]!.AsArray().Select(s => (string)s!["gateway"]!))
            .Distinct().Order(StringComparer.Ordinal)];

    public static TheoryData<string, string[], string?, string> Refusals => new()
    {
        { "standard input", ["-f", "-", "--write"], "kind: Gateway\n", "error: --write edits files in place: not standard input (-f -)\n" },
        { "no files", ["--diff"], null, "error: --diff edits manifest files: give them with -f PATH (a cluster is changed with merge, without --diff)\n" },
        { "both", ["-f", "examples/", "--diff", "--write"], null, "error: --diff and --write cannot be used together: --diff shows what --write would change\n" },
        { "an output format", ["-f", "examples/", "--write", "-o", "json"], null, "error: --write prints the files it changed: -o and --yes do not apply\n" },
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public void Refuses_with_one_line(string name, string[] args, string? stdin, string error)
    {
        var result = Cli.Run(["merge", .. args], stdin: stdin);

        Assert.True((2, error) == (result.ExitCode, result.Stderr), $"{name}: exit {result.ExitCode}: {result.Stderr}");
    }

    public static TheoryData<string, string, string> RefusedFiles => new()
    {
        {
            "a Helm template",
            File.ReadAllText(Path.Combine(Repo.Examples, "seed", "error-2-one-gateway.yaml")).Replace("asm2.test.com\"", "asm2.test.com\"\n  # {{ .Values.extraHosts }}", StringComparison.Ordinal),
            "error: in.yaml:26: a template ({{ ... }}), not a manifest: edit the template by hand, or run merge on the rendered manifests\n"
        },
        {
            "an object defined twice",
            File.ReadAllText(Path.Combine(Repo.Examples, "seed", "error-2-one-gateway.yaml")) + "---\n" + File.ReadAllText(Path.Combine(Repo.Examples, "seed", "error-2-one-gateway.yaml")),
            "error: Gateway istio-system/error-3 is defined twice (in.yaml:6 and in.yaml:"
        },
    };

    [Theory]
    [MemberData(nameof(RefusedFiles))]
    public void Refuses_files_it_cannot_edit_safely_and_changes_nothing(string name, string text, string error)
    {
        var directory = Directory.CreateTempSubdirectory("istio-tls-refused-");
        try
        {
            File.WriteAllText(Path.Combine(directory.FullName, "in.yaml"), text);

            var result = Cli.Run(["merge", "-f", "in.yaml", "--write"], workingDirectory: directory.FullName);

            Assert.True(result.ExitCode == 2 && result.Stderr.Contains(error, StringComparison.Ordinal) && result.Stderr.Count(c => c == '\n') <= 2, $"{name}: exit {result.ExitCode}: {result.Stderr}");
            Assert.Equal(text, File.ReadAllText(Path.Combine(directory.FullName, "in.yaml")));
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    /// <summary>Every file is checked before anything is written, and a temporary file that
    /// cannot be made (here: its name would be past the file system's 255 bytes) removes the
    /// temporary files already written. Both leave every file as it was.</summary>
    [Theory]
    [InlineData("a missing folder", "gone/b.yaml")]
    [InlineData("a temporary file that cannot be made", "LONG")]
    public void A_file_that_cannot_be_written_stops_every_write(string name, string second)
    {
        var directory = Directory.CreateTempSubdirectory("istio-tls-unwritable-");
        try
        {
            var good = Path.Combine(directory.FullName, "a.yaml");
            File.WriteAllText(good, "before\n");
            var other = Path.Combine(directory.FullName, second == "LONG" ? new string('b', 240) + ".yaml" : second);
            if (second == "LONG")
            {
                File.WriteAllText(other, "before\n");
            }
            SourceFileChange[] changes = [new(good, "before\n", "after\n", []), new(other, "before\n", "after\n", [])];

            var error = Assert.Throws<PlanException>(() => MergeSourceRun.Write(changes));

            Assert.True(error.Message.EndsWith("nothing was changed", StringComparison.Ordinal), $"{name}: {error.Message}");
            Assert.Equal("before\n", File.ReadAllText(good));
            Assert.Equal(second == "LONG" ? ["a.yaml", Path.GetFileName(other)] : ["a.yaml"], Directory.EnumerateFiles(directory.FullName).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Fact]
    public void Written_files_read_back_as_the_objects_of_the_merged_cluster_and_merge_no_further()
    {
        GeneratedClusters.Cluster.Sample(cluster =>
        {
            var text = GeneratedClusters.Render(cluster);
            var before = Manifests.Read(text, "c.yaml");
            var plan = Merging.Plan(before, cluster.Options);
            var files = before.Snapshot.Gateways.Cast<ConfigObject>().Concat(before.Snapshot.VirtualServices).ToDictionary(o => o.Ref, _ => "c.yaml");

            var change = SourceFilePlan.Make(plan, new Dictionary<string, string> { ["c.yaml"] = text }, files).SingleOrDefault();
            var written = change is null ? text : change.After ?? "";

            var expected = Merging.Applied(before, plan);
            var read = Manifests.Read(written, "c.yaml");
            Assert.Equal(Objects(expected), Objects(read));
            var again = Merging.Plan(read, cluster.Options);
            var files2 = read.Snapshot.Gateways.Cast<ConfigObject>().Concat(read.Snapshot.VirtualServices).ToDictionary(o => o.Ref, _ => "c.yaml");
            Assert.Empty(SourceFilePlan.Make(again, new Dictionary<string, string> { ["c.yaml"] = written }, files2));
        }, iter: 200);
    }

    private static string[] Objects((ConfigSnapshot Snapshot, Documents.ObjectsAsRead Objects) read) =>
        [.. read.Snapshot.Gateways.Cast<ConfigObject>().Concat(read.Snapshot.VirtualServices)
            .Select(o => $"{o.Ref} {read.Objects.Of(o)["spec"]!.ToJsonString()}").Order(StringComparer.Ordinal)];

    /// <summary>A copy of a folder of the repository in a temporary directory, at the same
    /// relative path, with the text of every file as it was.</summary>
    private sealed class TempTree : IDisposable
    {
        private TempTree(string root, Dictionary<string, string> before) => (Root, Before) = (root, before);

        public string Root { get; }

        public IReadOnlyDictionary<string, string> Before { get; }

        public static TempTree Of(string folder)
        {
            var root = Directory.CreateTempSubdirectory("istio-tls-tree-").FullName;
            var before = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var file in Directory.EnumerateFiles(Path.Combine(Repo.Root, folder), "*", SearchOption.AllDirectories))
            {
                var relative = Path.GetRelativePath(Repo.Root, file).Replace('\\', '/');
                var target = Path.Combine(root, relative);
                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                File.Copy(file, target);
                before[relative] = File.ReadAllText(file);
            }
            return new TempTree(root, before);
        }

        /// <summary>Every file now, by relative path, with its text.</summary>
        public string[] Now() =>
            [.. Directory.EnumerateFiles(Root, "*", SearchOption.AllDirectories)
                .Select(f => $"{Path.GetRelativePath(Root, f)}\n{File.ReadAllText(f)}").Order(StringComparer.Ordinal)];

        public void Dispose() => Directory.Delete(Root, recursive: true);
    }
}
