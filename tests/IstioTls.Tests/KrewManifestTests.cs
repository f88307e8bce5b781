using IstioTls.Tests.Support;

namespace IstioTls.Tests;

/// <summary>The committed krew manifest and every manifest the release script renders follow
/// krew's rules; the validator itself catches each broken rule.</summary>
public sealed class KrewManifestTests : IDisposable
{
    private static readonly string Committed = Path.Combine(Repo.Root, "plugins", "krew-manifest.yaml");

    private readonly string _dir = Directory.CreateTempSubdirectory("krew-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void The_committed_manifest_is_valid_and_covers_the_five_release_platforms()
    {
        var manifest = KrewManifest.Parse(File.ReadAllText(Committed));

        Assert.Empty(KrewManifest.Problems(manifest));
        Assert.Equal(KrewManifest.ReleasePlatforms, KrewManifest.Platforms(manifest));
    }

    [Fact]
    public void The_committed_manifest_is_the_template_rendered()
    {
        var committed = File.ReadAllLines(Committed).SkipWhile(line => line.StartsWith('#'));
        var version = (string)KrewManifest.Parse(File.ReadAllText(Committed))["spec"]!["version"]!;

        var rendered = Shell.Script("render-krew-manifest.sh", ["--version", version, "--placeholder-sha"]);

        Assert.Equal(0, rendered.ExitCode);
        Assert.Equal(string.Join('\n', committed), rendered.Stdout.TrimEnd('\n'));
    }

    [Fact]
    public void The_template_is_krew_release_bot_s()
    {
        var template = File.ReadAllText(Path.Combine(Repo.Root, ".krew.yaml"));

        Assert.Contains("  version: {{ .TagName }}\n", template, StringComparison.Ordinal);
        foreach (var (os, arch) in KrewManifest.ReleasePlatforms)
        {
            var archive = os == "windows" ? "zip" : "tar.gz";
            Assert.Contains($"{{{{addURIAndSha \"https://github.com/", template, StringComparison.Ordinal);
            Assert.Contains($"/releases/download/{{{{ .TagName }}}}/kubectl-istio_tls_{{{{ .TagName }}}}_{os}_{arch}.{archive}\" .TagName }}}}", template, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void A_manifest_rendered_from_checksums_is_valid_and_carries_them()
    {
        var shas = KrewManifest.ReleasePlatforms.ToDictionary(p => p, p => Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes($"{p}"))));
        var checksums = Write("checksums.txt", string.Concat(KrewManifest.ReleasePlatforms.Select(p =>
            $"{shas[p]}  kubectl-istio_tls_v1.2.3-rc.1_{p.Os}_{p.Arch}.{(p.Os == "windows" ? "zip" : "tar.gz")}\n")));

        var rendered = Shell.Script("render-krew-manifest.sh", ["--version", "v1.2.3-rc.1", "--checksums", checksums, "--require-all"]);

        Assert.Equal(0, rendered.ExitCode);
        var manifest = KrewManifest.Parse(rendered.Stdout);
        Assert.Empty(KrewManifest.Problems(manifest));
        Assert.Equal("v1.2.3-rc.1", (string)manifest["spec"]!["version"]!);
        Assert.All(KrewManifest.ReleasePlatforms, p => Assert.Equal(shas[p], (string)KrewManifest.Platform(manifest, p.Os, p.Arch)["sha256"]!));
    }

    [Fact]
    public void A_local_build_renders_only_the_platforms_it_has_archives_for()
    {
        var checksums = Write("checksums.txt", $"{new string('a', 64)}  kubectl-istio_tls_v0.1.0_linux_amd64.tar.gz\n{new string('b', 64)}  kubectl-istio_tls_v0.1.0_linux_arm64.tar.gz\n");

        var rendered = Shell.Script("render-krew-manifest.sh", ["--version", "v0.1.0", "--checksums", checksums]);
        var strict = Shell.Script("render-krew-manifest.sh", ["--version", "v0.1.0", "--checksums", checksums, "--require-all"]);

        var manifest = KrewManifest.Parse(rendered.Stdout);
        Assert.Empty(KrewManifest.Problems(manifest));
        Assert.Equal([("linux", "amd64"), ("linux", "arm64")], KrewManifest.Platforms(manifest));
        Assert.Equal(2, strict.ExitCode);
        Assert.Equal("error: kubectl-istio_tls_v0.1.0_darwin_amd64.tar.gz is not in the checksums\n", strict.Stderr);
    }

    [Theory]
    [InlineData("v0.1", "no archive of any platform")]
    [InlineData("0.1.0", "no leading v")]
    public void Rendering_refuses_what_cannot_be_a_release(string version, string situation)
    {
        var checksums = Write("checksums.txt", $"{new string('a', 64)}  kubectl-istio_tls_v9.9.9_linux_amd64.tar.gz\n");

        var rendered = Shell.Script("render-krew-manifest.sh", ["--version", version, "--checksums", checksums]);

        Assert.True(rendered.ExitCode == 2, situation);
        Assert.StartsWith("error: ", rendered.Stderr, StringComparison.Ordinal);
    }

    public static TheoryData<string, string, string, string> Defects => new()
    {
        { "another apiVersion", "apiVersion: krew.googlecontainertools.github.com/v1alpha2", "apiVersion: krew.googlecontainertools.github.com/v1alpha1", "apiVersion" },
        { "a name with a dot", "name: istio-tls", "name: istio.tls", "metadata.name must match" },
        { "a version without v", "version: v0.1.0", "version: 0.1.0", "spec.version" },
        { "a version that is not semver", "version: v0.1.0", "version: v0.1", "spec.version" },
        { "a long short description", "shortDescription: Find and fix Istio TLS certificate sharing 404s", "shortDescription: Find and fix Istio TLS certificate sharing 404s in every cluster", "at most 50" },
        { "no caveats", "  caveats: |", "  caveatz: |", "caveats" },
        { "an upper-case sha256", "sha256: \"0000000000000000000000000000000000000000000000000000000000000000\"", "sha256: \"000000000000000000000000000000000000000000000000000000000000000A\"", "sha256" },
        { "an all-digit sha256 that YAML reads as a number", "sha256: \"0000000000000000000000000000000000000000000000000000000000000000\"", "sha256: 0000000000000000000000000000000000000000000000000000000000000000", "must be a string" },
        { "a short sha256", "sha256: \"0000000000000000000000000000000000000000000000000000000000000000\"", "sha256: \"00000\"", "sha256" },
        { "overlapping selectors", "        os: darwin\n        arch: amd64", "        os: linux\n        arch: amd64", "matched by another platform" },
        { "a selector on another label", "        os: darwin\n        arch: amd64", "        os: darwin\n        arch: amd64\n        distro: any", "on os and arch" },
        { "a Windows bin without .exe", "bin: kubectl-istio_tls.exe", "bin: kubectl-istio_tls", ".bin must be kubectl-istio_tls.exe" },
        { "no LICENSE extracted", "    - from: LICENSE\n      to: .\n", "", "must extract LICENSE" },
        { "no completion script extracted", "    - from: kubectl_complete-istio_tls\n      to: .\n", "", "must extract kubectl_complete-istio_tls" },
        { "a file extracted out of the plugin directory", "    - from: LICENSE\n      to: .\n", "    - from: LICENSE\n      to: ../x\n", "inside the plugin directory" },
        { "a zip for Linux", "_linux_amd64.tar.gz", "_linux_amd64.zip", ".uri must be" },
        { "a plain http uri", "uri: https://", "uri: http://", ".uri must be" },
    };

    [Theory]
    [MemberData(nameof(Defects))]
    public void The_validator_catches(string situation, string original, string broken, string problem)
    {
        var text = File.ReadAllText(Committed);
        var index = text.IndexOf(original, StringComparison.Ordinal);
        Assert.True(index >= 0, $"{situation}: \"{original}\" is not in the manifest");

        var problems = KrewManifest.Problems(KrewManifest.Parse(string.Concat(text.AsSpan(0, index), broken, text.AsSpan(index + original.Length))));

        Assert.True(problems.Any(p => p.Contains(problem, StringComparison.Ordinal)), $"{situation}: [{string.Join("; ", problems)}]");
    }

    private string Write(string name, string text)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, text);
        return path;
    }
}
