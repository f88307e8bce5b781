using System.Text.Json.Nodes;
using IstioTls.Tests.Support;

namespace IstioTls.Tests;

/// <summary>
/// The CLI never says "no findings" about input it did not check: empty input is an error, as
/// kubectl apply -f treats it; input without Gateways says so; skipped objects are counted; and
/// --strict turns any warning into exit 2 for CI.
/// </summary>
public class NothingPassesSilentlyTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("istio-tls-empty-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Write(string name, string text)
    {
        var path = Path.Combine(_dir, name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
        return path;
    }

    public static TheoryData<string, string, string> EmptyInputs => new()
    {
        { "a word", "in.yaml", "hi\n" },
        { "an empty file", "in.yaml", "" },
        { "comments and separators only", "in.yaml", "# nothing here\n---\n---\n" },
        { "a map that is not an object", "in.yaml", "x: 1\n" },
        { "an empty JSON list", "in.json", "[]" },
    };

    [Theory]
    [MemberData(nameof(EmptyInputs))]
    public void Input_without_objects_is_an_error(string situation, string name, string text)
    {
        var path = Write(name, text);

        var result = Cli.Run(["check", "-f", path]);

        Assert.True(result.ExitCode == 2, $"{situation}: exit {result.ExitCode}");
        Assert.Equal($"error: {path}: no objects (a Kubernetes object has apiVersion and kind)\n", result.Stderr);
        Assert.Equal("", result.Stdout);
    }

    [Fact]
    public void A_directory_without_manifest_files_is_an_error()
    {
        Write("notes.txt", "apiVersion: v1\nkind: ConfigMap\n");

        var result = Cli.Run(["check", "-f", _dir]);

        Assert.Equal(2, result.ExitCode);
        Assert.Equal($"error: {_dir}: no objects: the directory has no manifest files (.yaml, .yml, .json)\n", result.Stderr);
    }

    [Fact]
    public void Objects_without_a_gateway_are_checked_and_say_so()
    {
        var path = Write("cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: b}\n");

        var table = Cli.Run(["check", "-f", path]);
        var strict = Cli.Run(["check", "-f", path, "--strict"]);

        Assert.Equal(0, table.ExitCode);
        Assert.Equal("warning: 0 Gateways (Istio or Gateway API) in 2 objects read: nothing to check\n", table.Stderr);
        Assert.Equal("No findings; 0 suppressed; checked 0 Gateways with 0 servers.\n", table.Stdout);
        Assert.Equal(2, strict.ExitCode);
    }

    [Fact]
    public void Skipped_objects_are_counted_and_strict_fails_on_them()
    {
        var path = Write("gw.yaml", File.ReadAllText(Path.Combine(Repo.Root, "examples/seed/merged.yaml"))
            + "---\napiVersion: networking.istio.io/v1\nkind: Gateway\nmetadata: {name: broken, namespace: web}\nspec:\n  servers:\n  - port: {number: 99999, name: x, protocol: HTTPS}\n    hosts: [a.example.com]\n");

        var json = Cli.Run(["check", "-f", path, "-o", "json"]);
        var table = Cli.Run(["check", "-f", path]);
        var strict = Cli.Run(["check", "-f", path, "--strict"]);
        var control = Cli.Run(["check", "-f", Path.Combine(Repo.Root, "examples/seed/merged.yaml"), "--strict"]);

        Assert.Equal(0, json.ExitCode);
        Assert.Equal(1, (int)JsonNode.Parse(json.Stdout)!["summary"]!["skipped"]!);
        Assert.Contains("Gateway web/broken: spec.servers[0].port.number: 99999 is not a port number (1-65535); skipped", json.Stderr, StringComparison.Ordinal);
        Assert.Contains("; skipped 1 invalid object (see the warnings).", table.Stdout, StringComparison.Ordinal);
        Assert.Equal(2, strict.ExitCode);
        Assert.Equal(0, control.ExitCode);
    }

    [Fact]
    public void Merge_manifests_output_is_always_a_dry_run()
    {
        var result = Cli.Run(["merge", "-f", Path.Combine(Repo.Root, "examples/seed/error-1-two-gateways.yaml"), "-o", "manifests"]);

        Assert.True(result.ExitCode == 0, result.Stderr);
        Assert.StartsWith("# kubectl istio-tls merge: 2 objects to apply", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("kind: Gateway\n", result.Stdout, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--no-headers=true", true)]
    [InlineData("--no-headers=false", false)]
    public void Switches_take_true_and_false(string flag, bool noHeaders)
    {
        var result = Cli.Run(["check", "-f", Path.Combine(Repo.Root, "examples/seed/error-1-two-gateways.yaml"), flag]);

        Assert.Equal(1, result.ExitCode);
        Assert.Equal(!noHeaders, result.Stdout.Contains("GATEWAY ", StringComparison.Ordinal));
    }
}
