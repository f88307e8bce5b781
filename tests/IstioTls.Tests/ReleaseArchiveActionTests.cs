using System.Text.Json.Nodes;
using IstioTls.Sources;
using IstioTls.Tests.Support;

namespace IstioTls.Tests;

/// <summary>The GitHub Action's script (scripts/action/check.sh, the step of action.yml) run
/// locally, downloading the release built by <see cref="LinuxRelease"/> from a file:// folder
/// laid out as GitHub's release downloads are.</summary>
public sealed partial class ReleaseArchiveTests
{
    private CliResult RunAction(string format, string? checksums = null, string? sarifFile = null)
    {
        Assert.True(release.Result.ExitCode == 0, release.Result.Stderr);
        var releases = Path.Combine(_dir, "releases", LinuxRelease.Version);
        Directory.CreateDirectory(releases);
        File.Copy(release.Archive, Path.Combine(releases, Path.GetFileName(release.Archive)), overwrite: true);
        File.WriteAllText(Path.Combine(releases, "checksums.txt"), checksums ?? File.ReadAllText(Path.Combine(release.Dist, "checksums.txt")));
        return Cli.Run([Path.Combine(Repo.Root, "scripts", "action", "check.sh")], executable: "bash", environment: new Dictionary<string, string?>
        {
            ["INPUT_PATHS"] = "examples/seed/error-2-one-gateway.yaml\nexamples/seed/merged.yaml",
            ["INPUT_FORMAT"] = format,
            ["INPUT_FAIL_ON"] = "warning",
            ["INPUT_SARIF_FILE"] = sarifFile,
            ["INPUT_VERSION"] = LinuxRelease.Version,
            ["INPUT_DOWNLOAD_BASE"] = "file://" + Path.Combine(_dir, "releases"),
            ["RUNNER_OS"] = "Linux",
            ["RUNNER_ARCH"] = "X64",
            ["RUNNER_TEMP"] = _dir,
            ["GITHUB_OUTPUT"] = Path.Combine(_dir, "github-output"),
        });
    }

    [Fact]
    public void The_action_downloads_the_release_verifies_it_and_annotates()
    {
        var result = RunAction("github");

        Assert.True(result.ExitCode == 1, result.Stderr);
        Assert.Equal(
            ["::error file=examples/seed/error-2-one-gateway.yaml,line=15,title=SharedCertificate - istio-system/error-3 server 0",
             "::error file=examples/seed/error-2-one-gateway.yaml,line=24,title=SharedCertificate - istio-system/error-3 server 1"],
            result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l[..l.LastIndexOf("::", StringComparison.Ordinal)]));
        Assert.Equal("exit-code=1\n", File.ReadAllText(Path.Combine(_dir, "github-output")));
        Assert.Equal(["github-output", "releases"], Directory.EnumerateFileSystemEntries(_dir).Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void The_action_writes_sarif_for_the_upload_step()
    {
        var sarif = Path.Combine(_dir, "istio-tls.sarif");

        var result = RunAction("sarif", sarifFile: sarif);

        Assert.True(result.ExitCode == 1, result.Stderr);
        Assert.Equal($"wrote {sarif}\n", result.Stdout);
        Assert.Single(JsonNode.Parse(File.ReadAllText(sarif))!["runs"]![0]!["results"]!.AsArray());
        Assert.Equal($"exit-code=1\nsarif-file={sarif}\n", File.ReadAllText(Path.Combine(_dir, "github-output")));
    }

    [Fact]
    public void The_action_refuses_an_archive_that_does_not_match_the_checksums()
    {
        var name = Path.GetFileName(release.Archive);

        var result = RunAction("github", checksums: $"{new string('0', 64)}  {name}\n");

        Assert.Equal(2, result.ExitCode);
        Assert.Equal("", result.Stdout);
        Assert.StartsWith($"::error title=kubectl istio-tls action::{name} does not match checksums.txt", result.Stderr, StringComparison.Ordinal);
    }

    /// <summary>action.yml hands every input to the script under the name the script reads.</summary>
    [Fact]
    public void The_action_passes_every_input_to_the_script()
    {
        var action = Assert.Single(ManifestReader.Read("action.yml", File.ReadAllBytes(Path.Combine(Repo.Root, "action.yml")))).Root!;
        var step = action["runs"]!["steps"]![0]!;

        Assert.Equal("composite", (string?)action["runs"]!["using"]);
        Assert.Equal("\"$GITHUB_ACTION_PATH/scripts/action/check.sh\"", (string?)step["run"]);
        var inputs = action["inputs"]!.AsObject().Select(i => i.Key).ToList();
        Assert.Equal(["paths", "format", "fail-on", "sarif-file", "version", "download-base"], inputs);
        var script = File.ReadAllText(Path.Combine(Repo.Root, "scripts", "action", "check.sh"));
        foreach (var input in inputs)
        {
            var variable = "INPUT_" + input.ToUpperInvariant().Replace('-', '_');
            Assert.Equal($"${{{{ inputs.{input} }}}}", (string?)step["env"]![variable]);
            Assert.Contains("${" + variable, script, StringComparison.Ordinal);
        }
    }
}

/// <summary>The pre-commit hook (.pre-commit-hooks.yaml) runs the installed binary on the files
/// pre-commit passes, after the hook's args.</summary>
public class PreCommitHookTests
{
    private static CliResult Hook(params string[] args) =>
        Cli.Run([Path.Combine(Repo.Root, "scripts", "action", "pre-commit.sh"), .. args], executable: "bash",
            environment: new Dictionary<string, string?> { ["PATH"] = $"{Path.GetDirectoryName(Repo.Cli)}:{Environment.GetEnvironmentVariable("PATH")}" });

    [Fact]
    public void The_hook_checks_the_changed_files_with_its_args()
    {
        var hook = Assert.Single(Assert.Single(ManifestReader.Read("hooks", File.ReadAllBytes(Path.Combine(Repo.Root, ".pre-commit-hooks.yaml")))).Root!.AsArray())!;
        var args = hook["args"]!.AsArray().Select(a => (string)a!).ToArray();

        var failing = Hook([.. args, "examples/seed/error-2-one-gateway.yaml", "examples/seed/merged.yaml"]);
        var clean = Hook([.. args, "examples/seed/merged.yaml"]);
        var none = Hook(args);

        Assert.Equal(("scripts/action/pre-commit.sh", "script"), ((string?)hook["entry"], (string?)hook["language"]));
        Assert.True(failing.ExitCode == 1, failing.Stderr);
        Assert.Contains("SharedCertificate", failing.Stdout, StringComparison.Ordinal);
        Assert.True(clean.ExitCode == 0, clean.Stderr);
        Assert.Equal((0, ""), (none.ExitCode, none.Stdout));
    }
}
