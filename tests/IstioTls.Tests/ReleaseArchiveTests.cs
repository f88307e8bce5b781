using System.Formats.Tar;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using IstioTls.Tests.Support;

namespace IstioTls.Tests;

/// <summary>Builds one linux-x64 release with the release script (a native AOT publish, the slow
/// part), once for all the tests of <see cref="ReleaseArchiveTests"/>.</summary>
public sealed class LinuxRelease : IDisposable
{
    public const string Version = "v0.0.1-test.1";

    public LinuxRelease()
    {
        Dist = Directory.CreateTempSubdirectory("release-").FullName;
        Result = Shell.Script("release.sh", ["--version", Version, "--rid", "linux-x64", "--out", Dist], timeout: TimeSpan.FromMinutes(15));
    }

    public string Dist { get; }

    public CliResult Result { get; }

    public string Archive => Path.Combine(Dist, $"kubectl-istio_tls_{Version}_linux_amd64.tar.gz");

    public void Dispose() => Directory.Delete(Dist, recursive: true);
}

/// <summary>The release as a user gets it: archive, checksums and krew manifest agree; the
/// archive holds what krew extracts; the binary is native and runs through the real kubectl.</summary>
[Trait("Category", Packaging.Category)]
public sealed partial class ReleaseArchiveTests(LinuxRelease release) : IClassFixture<LinuxRelease>, IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("release-install-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void The_release_directory_holds_the_archive_the_checksums_and_the_manifest()
    {
        Assert.True(release.Result.ExitCode == 0, release.Result.Stderr);
        Assert.Equal(["checksums.txt", "istio-tls.yaml", Path.GetFileName(release.Archive)],
            Directory.GetFiles(release.Dist).Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Checksums_txt_is_sha256sum_s_format_and_matches_the_archive()
    {
        var checksums = File.ReadAllText(Path.Combine(release.Dist, "checksums.txt"));

        Assert.Equal($"{Sha256(release.Archive)}  {Path.GetFileName(release.Archive)}\n", checksums);
        var check = Cli.Run(["-c", "checksums.txt"], executable: "sha256sum", workingDirectory: release.Dist);
        Assert.Equal(0, check.ExitCode);
    }

    [Fact]
    public void The_rendered_manifest_is_valid_and_names_the_archive_and_its_sha256()
    {
        var manifest = KrewManifest.Parse(File.ReadAllText(Path.Combine(release.Dist, "istio-tls.yaml")));

        Assert.Empty(KrewManifest.Problems(manifest));
        Assert.Equal(LinuxRelease.Version, (string)manifest["spec"]!["version"]!);
        var platform = Assert.Single(KrewManifest.Platforms(manifest));
        Assert.Equal(("linux", "amd64"), platform);
        var linux = KrewManifest.Platform(manifest, "linux", "amd64");
        Assert.Equal(Sha256(release.Archive), (string)linux["sha256"]!);
        Assert.EndsWith("/" + Path.GetFileName(release.Archive), (string)linux["uri"]!, StringComparison.Ordinal);
    }

    [Fact]
    public void The_archive_holds_the_binary_LICENSE_and_the_completion_script_at_its_root_and_no_symbols()
    {
        var entries = new Dictionary<string, UnixFileMode>();
        using (var gzip = new GZipStream(File.OpenRead(release.Archive), CompressionMode.Decompress))
        using (var tar = new TarReader(gzip))
        {
            while (tar.GetNextEntry() is { } entry)
            {
                entries[entry.Name] = entry.Mode;
            }
        }

        Assert.Equal(["LICENSE", "kubectl-istio_tls", "kubectl_complete-istio_tls"], entries.Keys.Order(StringComparer.Ordinal));
        Assert.True(entries["kubectl-istio_tls"].HasFlag(UnixFileMode.UserExecute | UnixFileMode.OtherExecute));
        Assert.True(entries["kubectl_complete-istio_tls"].HasFlag(UnixFileMode.UserExecute | UnixFileMode.OtherExecute));
    }

    [Fact]
    public void Installed_as_krew_installs_it_the_binary_reports_the_release_and_is_native()
    {
        var bin = InstallAsKrew();

        var result = Cli.Run(["version", "-o", "json"], executable: Path.Combine(bin, "kubectl-istio_tls"));

        Assert.Equal(0, result.ExitCode);
        var version = JsonNode.Parse(result.Stdout)!;
        Assert.Equal(LinuxRelease.Version, (string)version["version"]!);
        Assert.Equal(Git("rev-parse", "HEAD"), (string)version["commit"]!);
        Assert.True((bool)version["nativeAot"]!);
        Assert.Equal("linux/amd64", (string)version["platform"]!);
    }

    [Fact]
    public void Through_the_real_kubectl_it_is_a_plugin_that_checks_and_completes()
    {
        var bin = InstallAsKrew();
        var environment = new Dictionary<string, string?> { ["PATH"] = bin + Path.PathSeparator + Environment.GetEnvironmentVariable("PATH") };

        var list = Cli.Run(["plugin", "list"], environment: environment, executable: "kubectl");
        var check = Cli.Run(["istio-tls", "check", "-f", "examples/"], environment: environment, executable: "kubectl");
        var complete = Cli.Run(["__complete", "istio-tls", "check", "--fail-on", ""], environment: environment, executable: "kubectl");

        Assert.Contains(Path.Combine(bin, "kubectl-istio_tls"), list.Stdout, StringComparison.Ordinal);
        Assert.Equal(1, check.ExitCode);
        Assert.Equal(File.ReadAllText(Path.Combine(Repo.Golden, "check-examples.txt")), check.Stdout);
        Assert.Equal("none\tExit 0 whatever is found.\ninfo\tExit 1 on any finding.\nwarning\tExit 1 on a warning or an error.\nerror\tExit 1 on an error only.\n:4\n", complete.Stdout);
    }

    /// <summary>Does what <c>kubectl krew install --manifest --archive</c> does with the files
    /// (krew cannot be installed here: it downloads its own release): unpack, copy each
    /// <c>files</c> entry, and put <c>bin</c>, with the completion script beside it, on PATH.</summary>
    private string InstallAsKrew()
    {
        var manifest = KrewManifest.Parse(File.ReadAllText(Path.Combine(release.Dist, "istio-tls.yaml")));
        var platform = KrewManifest.Platform(manifest, "linux", "amd64");
        var unpacked = Directory.CreateDirectory(Path.Combine(_dir, "download")).FullName;
        var store = Directory.CreateDirectory(Path.Combine(_dir, "store", "istio-tls", LinuxRelease.Version)).FullName;
        var bin = Directory.CreateDirectory(Path.Combine(_dir, "bin")).FullName;
        using (var gzip = new GZipStream(File.OpenRead(release.Archive), CompressionMode.Decompress))
        {
            TarFile.ExtractToDirectory(gzip, unpacked, overwriteFiles: false);
        }
        foreach (var file in platform["files"]!.AsArray())
        {
            var from = Path.Combine(unpacked, (string)file!["from"]!);
            Assert.True(File.Exists(from), $"files: {from} is not in the archive");
            File.Copy(from, Path.Combine(store, (string)file["to"]!, Path.GetFileName(from)));
        }
        var binary = (string)platform["bin"]!;
        File.CreateSymbolicLink(Path.Combine(bin, binary), Path.Combine(store, binary));
        File.CreateSymbolicLink(Path.Combine(bin, "kubectl_complete-istio_tls"), Path.Combine(store, "kubectl_complete-istio_tls"));
        Assert.True(File.Exists(Path.Combine(store, "LICENSE")));
        return bin;
    }

    private static string Sha256(string path) => Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(path)));

    private static string Git(params string[] args) => Cli.Run(args, executable: "git").Stdout.Trim();
}
