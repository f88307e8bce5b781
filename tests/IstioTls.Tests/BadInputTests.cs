using IstioTls.Tests.Support;

namespace IstioTls.Tests;

/// <summary>Input that is not YAML or JSON gets exit code 2 and one line naming the file and
/// line; never a crash, a stack trace, or unbounded memory.</summary>
public class BadInputTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("istio-tls-bad-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    public static TheoryData<string, string, string> UnreadableFiles => new()
    {
        { "unclosed flow sequence", "apiVersion: v1\nkind: List\nitems: [\n", "bad.yaml:3:8: invalid YAML: this '[' is not closed" },
        { "bad indentation", "a:\n  b: 1\n c: 2\n", "bad.yaml:3:2: invalid YAML" },
        { "duplicate key", "apiVersion: v1\nkind: Pod\nkind: Pod\n", "bad.yaml:3:1: duplicate key \"kind\"" },
        { "unknown alias", "a: *nothing\n", "bad.yaml:1:4: unknown alias *nothing" },
        { "truncated JSON", "{\"apiVersion\": \"v1\",\n \"kind\": ", "bad.yaml:2:10: invalid JSON" },
        { "JSON with a bad token", "{\"a\": nope}", "bad.yaml:1:8: invalid JSON" },
        {
            "billion laughs",
            "a: &a [x, x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\ne: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]\nf: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e, *e]\ng: &g [*f, *f, *f, *f, *f, *f, *f, *f, *f, *f]\nh: &h [*g, *g, *g, *g, *g, *g, *g, *g, *g, *g]\n",
            "aliases expand to more than 100000 nodes"
        },
    };

    [Theory]
    [MemberData(nameof(UnreadableFiles))]
    public void Unreadable_files_stop_with_one_line(string situation, string content, string expected)
    {
        var path = Path.Combine(_dir, "bad.yaml");
        File.WriteAllText(path, content);

        var result = Cli.Run(["check", "-f", path]);

        Assert.True(result.ExitCode == 2, $"{situation}: exit {result.ExitCode}");
        var line = Assert.Single(result.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("error: ", line, StringComparison.Ordinal);
        Assert.Contains(expected, line, StringComparison.Ordinal);
        Assert.Equal("", result.Stdout);
    }

    [Fact]
    public void A_binary_file_is_named()
    {
        var path = Path.Combine(_dir, "image.yaml");
        File.WriteAllBytes(path, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);

        var result = Cli.Run(["check", "-f", path]);

        Assert.Equal(2, result.ExitCode);
        Assert.Equal($"error: {path}: not a text file (binary or not UTF-8); expected YAML or JSON\n", result.Stderr);
    }

    [Fact]
    public void A_missing_path_is_named()
    {
        var result = Cli.Run(["check", "-f", "examples/", "-f", "no/such/dir"]);

        Assert.Equal(2, result.ExitCode);
        Assert.Equal("error: no/such/dir: no such file or directory\n", result.Stderr);
    }

    public static TheoryData<string, string, string> UnreadableObjects => new()
    {
        { "port number is text", "servers: [{port: {number: abc, protocol: HTTPS, name: h}, hosts: [a.example.com]}]", "spec.servers[0].port.number: expected a number, got \"abc\"" },
        { "port number out of range", "servers: [{port: {number: 70000, protocol: HTTPS, name: h}, hosts: [a.example.com]}]", "spec.servers[0].port.number: 70000 is not a port number (1-65535)" },
        { "port number past 64 bits, written with an exponent", "servers: [{port: {number: 1e23, protocol: HTTPS, name: h}, hosts: [a.example.com]}]", "spec.servers[0].port.number: 1e23 is not a port number (1-65535)" },
        { "port number past 64 bits, in digits", "servers: [{port: {number: 99999999999999999999, protocol: HTTPS, name: h}, hosts: [a.example.com]}]", "spec.servers[0].port.number: 99999999999999999999 is not a port number (1-65535)" },
        { "port number with a fraction", "servers: [{port: {number: 443.5, protocol: HTTPS, name: h}, hosts: [a.example.com]}]", "spec.servers[0].port.number: 443.5 is not a port number (1-65535)" },
        { "port missing", "servers: [{hosts: [a.example.com]}]", "spec.servers[0].port: is required" },
        { "hosts is not a list", "servers: [{port: {number: 443, protocol: HTTPS, name: h}, hosts: a.example.com}]", "spec.servers[0].hosts: expected a list, got \"a.example.com\"" },
        { "servers is a map", "servers: {port: 443}", "spec.servers: expected a list, got a map" },
        { "unknown TLS mode", "servers: [{port: {number: 443, protocol: HTTPS, name: h}, hosts: [a.example.com], tls: {mode: STRICT}}]", "spec.servers[0].tls.mode: unknown TLS mode \"STRICT\"" },
        { "selector is a list", "selector: [istio]\n  servers: []", "spec.selector: expected a map, got a list" },
    };

    [Theory]
    [MemberData(nameof(UnreadableObjects))]
    public void Unreadable_objects_are_skipped_with_a_warning(string situation, string spec, string expected)
    {
        var path = Path.Combine(_dir, "gateways.yaml");
        File.WriteAllText(path, File.ReadAllText(Path.Combine(Repo.Examples, "seed", "error-1-two-gateways.yaml"))
            + $"---\napiVersion: networking.istio.io/v1\nkind: Gateway\nmetadata:\n  name: broken\n  namespace: web\nspec:\n  {spec}\n");

        var result = Cli.Run(["check", "-f", path, "-o", "json"]);

        Assert.True(result.ExitCode == 1, $"{situation}: exit {result.ExitCode}: {result.Stderr}");
        var line = File.ReadAllLines(Path.Combine(Repo.Examples, "seed", "error-1-two-gateways.yaml")).Length + 1;
        Assert.Equal($"warning: {path}:{line}: Gateway web/broken: {expected}; skipped\n", result.Stderr);
        Assert.Contains("istio-system/default2", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Empty_files_other_kinds_and_non_manifest_yaml_are_ignored_and_no_gateways_is_said()
    {
        File.WriteAllText(Path.Combine(_dir, "empty.yaml"), "");
        File.WriteAllText(Path.Combine(_dir, "comments.yml"), "# nothing here\n---\n---\n");
        File.WriteAllText(Path.Combine(_dir, "values.yaml"), "replicaCount: 2\nimage: {tag: latest}\n");
        File.WriteAllText(Path.Combine(_dir, "service.json"), "{\"apiVersion\": \"v1\", \"kind\": \"Service\", \"metadata\": {\"name\": \"x\"}}");
        File.WriteAllText(Path.Combine(_dir, "README.md"), "not a manifest: [");

        var result = Cli.Run(["check", "-f", _dir]);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("warning: 0 Gateways (Istio or Gateway API) in 1 object read: nothing to check\n", result.Stderr);
        Assert.Equal("No findings; 0 suppressed; checked 0 Gateways with 0 servers.\n", result.Stdout);
    }

    [Fact]
    public void An_object_defined_twice_is_analysed_once_with_a_warning()
    {
        var seed = File.ReadAllText(Path.Combine(Repo.Examples, "seed", "error-1-two-gateways.yaml"));
        File.WriteAllText(Path.Combine(_dir, "a.yaml"), seed);
        File.WriteAllText(Path.Combine(_dir, "b.yaml"), seed);

        var result = Cli.Run(["check", "-f", _dir, "-o", "json"]);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains($"warning: {Path.Combine(_dir, "b.yaml")}:5: Gateway istio-system/default2 is already defined at {Path.Combine(_dir, "a.yaml")}:5; ignoring this definition", result.Stderr, StringComparison.Ordinal);
        Assert.Single(System.Text.Json.Nodes.JsonNode.Parse(result.Stdout)!["findings"]!.AsArray());
    }
    [Fact]
    public void Numbers_are_named_as_written_in_json_and_yaml_hex_is_a_port()
    {
        // go-yaml (kubectl's reader) takes 0x1BB as the integer 443; JSON keeps its own spelling.
        File.WriteAllText(Path.Combine(_dir, "hex.yaml"), "apiVersion: networking.istio.io/v1\nkind: Gateway\nmetadata: {name: hex, namespace: web}\nspec:\n  servers: [{port: {number: 0x1BB, protocol: HTTPS, name: h}, hosts: [a.example.com], tls: {mode: SIMPLE, credentialName: c}}, {port: {number: 443, protocol: HTTPS, name: i}, hosts: [c.example.com], tls: {mode: SIMPLE, credentialName: c}}]\n");
        File.WriteAllText(Path.Combine(_dir, "big.json"), "{\"apiVersion\": \"networking.istio.io/v1\", \"kind\": \"Gateway\", \"metadata\": {\"name\": \"big\", \"namespace\": \"web\"}, \"spec\": {\"servers\": [{\"port\": {\"number\": 7E+4, \"protocol\": \"HTTPS\", \"name\": \"h\"}, \"hosts\": [\"b.example.com\"]}]}}");

        var result = Cli.Run(["check", "-f", _dir, "-o", "json"]);

        // The two servers share certificate c on one port only if 0x1BB is 443.
        Assert.Equal(1, result.ExitCode);
        Assert.Equal($"warning: {Path.Combine(_dir, "big.json")}:1: Gateway web/big: spec.servers[0].port.number: 7E+4 is not a port number (1-65535); skipped\n", result.Stderr);
        Assert.Equal(443, (int)System.Text.Json.Nodes.JsonNode.Parse(result.Stdout)!["findings"]![0]!["port"]!);
    }
}
