using System.Text;
using IstioTls.Documents;
using IstioTls.Sources;

namespace IstioTls.Tests.Hostile;

/// <summary>
/// Every YAML and JSON error names the line and column of the problem itself, and keeps them
/// through what moves text around: a BOM, CRLF line endings, documents before it (the line
/// moves, the column stays), and the parallel pieces with the fallback from the fast reader to
/// YamlDotNet.
/// </summary>
public class ErrorLocationTests
{
    private const string YamlBefore = "kind: A\nmetadata: {name: a}\n---\n";
    private const string JsonBefore = "{\"kind\": \"A\"}\n";

    public static TheoryData<string, string, int, int, string> Errors => new()
    {
        { "unclosed flow mapping", "x:\n- a: {b: 1\n  c: d\n", 2, 6, "this '{' is not closed" },
        { "unclosed flow sequence", "a: [1, 2\nb: 3\n", 1, 4, "this '[' is not closed" },
        { "tab as indentation", "a:\n  b: c\n\td: e\n", 3, 1, "tab" },
        { "tab on line 7", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n  labels:\n    a: b\n\tx: y\n", 7, 1, "tab character that violates indentation" },
        { "duplicate key", "apiVersion: v1\nkind: Pod\nkind: Pod\n", 3, 1, "duplicate key \"kind\"" },
        { "duplicate key in a flow mapping", "a: {b: 1, b: 2}\n", 1, 11, "duplicate key \"b\"" },
        { "unknown alias", "a: *nothing\n", 1, 4, "unknown alias *nothing" },
        { "mapping in a plain scalar", "a: b: c\n", 1, 5, "invalid YAML" },
        { "dedented key", "a:\n  - b\n c: d\n", 3, 2, "invalid YAML" },
        { "unclosed quote", "a: 'x\n", 1, 4, "invalid YAML" },
        { "too deep", "a: " + new string('[', 1000) + new string(']', 1000) + "\n", 1, 1003, "nested more than 1000 levels deep" },
        { "too deep in blocks", string.Concat(Enumerable.Range(0, 1001).Select(i => new string(' ', i) + "a:\n")), 1001, 1001, "nested more than 1000 levels deep" },
        // An implicit key ("k: v") over 1024 characters is YAML's own error (go-yaml's too);
        // an explicit one ("? k") is held to the same bound.
        { "implicit key too long", new string('k', 1025) + ": v\n", 1, 1026, "invalid YAML" },
        { "explicit key too long", "? " + new string('k', 1025) + "\n: v\n", 1, 3, "a key of 1025 characters is over the limit of 1024" },
        { "scalar too long", "a: " + new string('x', DocumentLimits.MaxScalarLength + 1) + "\n", 1, 4, $"is over the limit of {DocumentLimits.MaxScalarLength}" },
        { "JSON bad token", "{\n\"a\": 1,\n\"b\": }\n", 3, 6, "invalid JSON: '}' is an invalid start of a value" },
        { "JSON truncated", "{\"apiVersion\": \"v1\",\n \"kind\": ", 2, 10, "invalid JSON" },
        { "JSON duplicate key", "{\"a\": 1,\n \"a\": 2}\n", 2, 2, "duplicate key \"a\"" },
        { "JSON too deep", "{\"a\": " + new string('[', 1000) + new string(']', 1000) + "}\n", 1, 1006, "nested more than 1000 levels deep" },
        { "JSON key too long", "{\"" + new string('k', 1025) + "\": 1}\n", 1, 2, "a key of 1025 characters is over the limit of 1024" },
        { "JSON string too long", "{\"a\": \"" + new string('x', DocumentLimits.MaxScalarLength + 1) + "\"}\n", 1, 7, "is over the limit" },
    };

    [Theory]
    [MemberData(nameof(Errors))]
    public void As_written(string situation, string text, int line, int column, string problem) =>
        AssertError(situation, text, line, column, problem);

    [Theory]
    [MemberData(nameof(Errors))]
    public void After_a_byte_order_mark(string situation, string text, int line, int column, string problem) =>
        AssertError(situation, "\uFEFF" + text, line, column, problem);

    [Theory]
    [MemberData(nameof(Errors))]
    public void With_CRLF_line_endings(string situation, string text, int line, int column, string problem) =>
        AssertError(situation, text.Replace("\n", "\r\n", StringComparison.Ordinal), line, column, problem);

    [Theory]
    [MemberData(nameof(Errors))]
    public void After_other_documents(string situation, string text, int line, int column, string problem)
    {
        var before = text.StartsWith('{') ? JsonBefore : YamlBefore;
        var lines = before.Count(c => c == '\n');
        AssertError(situation, before + text, line + lines, column, problem);
        // In pieces of one document each: the fast reader takes the first, YamlDotNet the
        // broken one, which starts on a later line of the file.
        AssertError(situation, before + text, line + lines, column, problem, pieceSize: 1);
    }

    [Theory]
    [MemberData(nameof(Errors))]
    public void After_documents_a_BOM_and_CRLF(string situation, string text, int line, int column, string problem)
    {
        var before = text.StartsWith('{') ? JsonBefore : YamlBefore;
        var crlf = ("\uFEFF" + before + text).Replace("\n", "\r\n", StringComparison.Ordinal);
        AssertError(situation, crlf, line + before.Count(c => c == '\n'), column, problem, pieceSize: 1);
    }

    private static void AssertError(string situation, string text, int line, int column, string problem, int pieceSize = ManifestReader.ParallelPieceSize)
    {
        var error = Assert.Throws<DocumentException>(() => ManifestReader.Read("in.yaml", Encoding.UTF8.GetBytes(text), pieceSize));
        Assert.True((line, column) == (error.Line, error.Column), $"{situation}: expected {line}:{column}, got {error.Message}");
        Assert.Contains(problem, error.Problem, StringComparison.Ordinal);
        Assert.StartsWith($"in.yaml:{line}:{column}: ", error.Message, StringComparison.Ordinal);
    }
}
