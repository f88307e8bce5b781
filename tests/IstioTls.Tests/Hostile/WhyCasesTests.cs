using IstioTls.Tests.Support;

namespace IstioTls.Tests.Hostile;

/// <summary>
/// The five inputs of issue 15, run as a user would (the built CLI, a separate process): each
/// is one line naming the place, with exit code 2, except the BOM, which reads correctly.
/// </summary>
public class WhyCasesTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("istio-tls-why-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void A_missing_brace_on_stdin_names_the_brace()
    {
        var result = Cli.Run(["check", "-f", "-"], stdin: "x:\n- a: {b: 1\n  c: d\n");

        AssertOneError(result, "error: <stdin>:2:6: invalid YAML: this '{' is not closed (did not find expected ',' or '}')");
    }

    [Theory]
    [InlineData("yaml", "a: ", "[", "]", "deep.yaml:1:1003: nested more than 1000 levels deep")]
    [InlineData("json", "{\"a\": ", "[", "]", "deep.json:1:1006: nested more than 1000 levels deep")]
    [InlineData("yaml", "a: ", "{b: ", "}", "deep.yaml:1:")]
    public void A_document_nested_100000_deep_is_an_error_not_a_stack_overflow(string extension, string prefix, string open, string close, string expected)
    {
        var path = Path.Combine(_dir, "deep." + extension);
        File.WriteAllText(path, prefix + string.Concat(Enumerable.Repeat(open, 100_000)) + string.Concat(Enumerable.Repeat(close, 100_000)) + (extension == "json" ? "}" : "") + "\n");

        var result = Cli.Run(["check", "-f", path]);

        AssertOneError(result, "error: " + Path.Combine(_dir, expected));
        Assert.Contains("nested more than 1000 levels deep", result.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("---\n")]
    [InlineData("")]
    [InlineData("# Helm output saved on Windows\r\n---\r\n")]
    public void A_byte_order_mark_before_the_first_document_reads_as_without_it(string start)
    {
        var example = File.ReadAllText(Path.Combine(Repo.Examples, "seed", "error-1-two-gateways.yaml"));
        var text = start + (start.Contains('\r') ? example.Replace("\n", "\r\n", StringComparison.Ordinal) : example);
        var plain = Path.Combine(_dir, "plain.yaml");
        var withBom = Path.Combine(_dir, "bom.yaml");
        // WriteAllText writes no BOM of its own for UTF-8 (UTF8Encoding without one).
        File.WriteAllText(plain, text);
        File.WriteAllText(withBom, "\uFEFF" + text);

        var expected = Cli.Run(["check", "-f", plain, "-o", "json"]);
        var actual = Cli.Run(["check", "-f", withBom, "-o", "json"]);

        Assert.Equal("", actual.Stderr);
        Assert.Equal(expected.ExitCode, actual.ExitCode);
        Assert.Equal(expected.Stdout.Replace(plain, withBom, StringComparison.Ordinal), actual.Stdout);
        Assert.Contains("\"findings\"", actual.Stdout, StringComparison.Ordinal);
    }

    public static TheoryData<string, string, string> MisplacedTabs => new()
    {
        { "bad.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n  labels:\n    a: b\n\tx: y\n", "bad.yaml:7:1: invalid YAML: while scanning a plain scalar, found a tab character that violates indentation" },
        { "bad.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n\tname: a\n", "bad.yaml:4:1: invalid YAML" },
        { "bad.yaml", "kind: List\r\nitems:\r\n- kind: Gateway\r\n  spec:\r\n\t  x: 1\r\n", "bad.yaml:5:1: invalid YAML" },
        { "bad.json", "{\n  \"apiVersion\": \"v1\",\n  \"kind\": }\n", "bad.json:3:11: invalid JSON: '}' is an invalid start of a value" },
    };

    [Theory]
    [MemberData(nameof(MisplacedTabs))]
    public void A_tab_or_a_bad_token_is_reported_where_it_is(string file, string content, string expected)
    {
        var path = Path.Combine(_dir, file);
        File.WriteAllText(path, content);

        var result = Cli.Run(["check", "-f", path]);

        AssertOneError(result, "error: " + Path.Combine(_dir, expected));
        Assert.DoesNotContain("LineNumber", result.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--request-timeout", "99999999999999h", "error: --request-timeout: invalid duration \"99999999999999h\": longer than the maximum, 2562047h")]
    [InlineData("--request-timeout", "99999999999999999999", "error: --request-timeout: invalid duration \"99999999999999999999\": longer than the maximum, 2562047h")]
    [InlineData("--request-timeout", "2562048h", "error: --request-timeout: invalid duration \"2562048h\": longer than the maximum, 2562047h")]
    [InlineData("--request-timeout", "9223372036854775807s", "error: --request-timeout: invalid duration \"9223372036854775807s\": longer than the maximum, 2562047h")]
    public void An_overflowing_timeout_is_a_usage_error(string flag, string value, string expected)
    {
        var kubeconfig = Path.Combine(_dir, "config");
        // A cluster that is never reached: the flag is refused before any request.
        File.WriteAllText(kubeconfig, """
            apiVersion: v1
            kind: Config
            clusters: [{name: c, cluster: {server: "https://127.0.0.1:9"}}]
            users: [{name: u, user: {token: t}}]
            contexts: [{name: x, context: {cluster: c, user: u}}]
            current-context: x
            """);

        var result = Cli.Run(["check", flag, value], environment: new Dictionary<string, string?> { ["KUBECONFIG"] = kubeconfig });

        AssertOneError(result, expected);
    }

    [Fact]
    public void An_overflowing_expiry_warning_is_a_usage_error()
    {
        var value = string.Concat(Enumerable.Repeat("99999d", 200));

        var result = Cli.Run(["check", "-f", Path.Combine(Repo.Examples, "not-at-risk.yaml"), "--expiry-warning", value]);

        AssertOneError(result, $"error: --expiry-warning must be a duration such as 30d, 720h or 1d12h (or 0), not \"{value}\"");
    }

    private static void AssertOneError(CliResult result, string expectedStart)
    {
        Assert.Equal(2, result.ExitCode);
        var line = Assert.Single(result.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith(expectedStart, line, StringComparison.Ordinal);
        Assert.Equal("", result.Stdout);
    }
}
