using IstioTls.Tests.Support;

namespace IstioTls.Tests.Hostile.Differential;

/// <summary>One file for both parsers: its name says what it tries; <see cref="Alone"/> when
/// it must be read as a file of its own (a BOM, a directive, a stream-level form), not within
/// a batch.</summary>
public sealed record CorpusFile(string Name, string Text, bool Alone = false);

/// <summary>
/// The differential test's input, generated the same way on every run: scalars in every
/// position and quoting style, flow and block collections, anchors, aliases and merge keys,
/// comments everywhere, multi-line scalars, stream-level forms (CRLF, BOM, <c>...</c>, directives),
/// the repository's examples, and the error classes of issue 15.
/// </summary>
public static class KubectlCorpus
{
    // Every document carries a kind, which kubectl needs to print it; the rest is the subject.
    private static string Object(string name, string spec) =>
        $"apiVersion: example.com/v1\nkind: Sample\nmetadata:\n  name: {name}\nspec:\n{Indent(spec, "  ")}";

    private static string Indent(string text, string by) =>
        string.Concat(text.Split('\n').Select((line, i) => line.Length == 0 ? (i == 0 ? "" : "\n") : (i == 0 ? "" : "\n") + by + line)) + "\n";

    /// <summary>Plain scalars whose type depends on YAML 1.1 as go-yaml reads it.</summary>
    public static readonly string[] PlainScalars =
    [
        "abc", "y", "Y", "yes", "Yes", "YES", "n", "N", "no", "No", "NO", "on", "On", "ON", "off", "Off", "OFF",
        "true", "True", "TRUE", "false", "False", "FALSE", "yEs", "tRue", "~", "null", "Null", "NULL", "nULL",
        "0", "-0", "+0", "00", "0755", "0o755", "0O17", "0x1F", "0X1f", "0b101", "-0b101", "0B11", "08", "09.5", "0778",
        "1_000", "1__0", "0x_1F", "_1", "1_", "+1", "-1", "+", "-", "1.5", "-1.5", "1.", ".5", "-.5", "+.5", ".", "1e3", "1E3",
        "1.5e+3", "1e-3", "1e", "e3", "1e400", "123456789012345678901", "9223372036854775807", "9223372036854775808",
        "-9223372036854775808", "-9223372036854775809", "18446744073709551615", "18446744073709551616", "0.1e-5",
        "1:20", "1:20:30.5", "2001-12-14", "2001-12-14t21:59:43.10-05:00", "2001-12-14 21:59:43.10 -5", "12:00",
        "=", "a b", "a#b", "http://x:80/", "x:y", "-a", "?a", ":a", "a-", "a?", "1.2.3", "0x", "0o", "0b2", "1e3.5",
        "Infinity", "NaN", "inf", "+inf", "0.", "00.5", "5e05", "0e0", "1e50", "-1e50", "1e39", "3.4e38", "1e-50",
    ];

    private static readonly string[] QuotedScalars =
    [
        "\"quoted\"", "'single'", "'it''s'", "\"esc\\n\\t\\u00e9\\\\\"", "\"\"", "''", "\"\\x41\"", "\"\\U0001F600\"",
        "\"0755\"", "'yes'", "\"null\"", "\"1e3\"", "'~'", "\"a\\\"b\"", "\"\\/\"", "\"\\ \"", "\"\\_\"", "\"\\N\\L\\P\"",
    ];

    private static readonly string[] TaggedScalars =
    [
        "!!str 0755", "!!str yes", "!!int \"12\"", "!!int 0x10", "!!float \"1\"", "!!float 1.5", "!!bool \"yes\"", "!!bool true",
        "!!null \"\"", "!!binary aGVsbG8=", "!foo 12", "! 12", "!!str", "!<tag:yaml.org,2002:str> 12",
    ];

    public static IEnumerable<CorpusFile> Files()
    {
        var n = 0;
        string Name(string kind) => $"{kind}-{n++}";

        foreach (var scalar in PlainScalars.Concat(QuotedScalars).Concat(TaggedScalars))
        {
            yield return new CorpusFile($"value {scalar}", Object(Name("value"), $"v: {scalar}"));
            yield return new CorpusFile($"flow item {scalar}", Object(Name("flow"), $"v: [{scalar}, x]"));
            yield return new CorpusFile($"block item {scalar}", Object(Name("item"), $"v:\n- {scalar}"));
            if (!scalar.StartsWith('!'))
            {
                yield return new CorpusFile($"key {scalar}", Object(Name("key"), $"{scalar}: v"));
                yield return new CorpusFile($"flow key {scalar}", Object(Name("fkey"), $"v: {{{scalar}: 1}}"));
            }
        }
        foreach (var (name, spec) in Structures)
        {
            yield return new CorpusFile(name, Object(Name("structure"), spec));
        }
        foreach (var (name, spec) in Merges)
        {
            yield return new CorpusFile(name, Object(Name("merge"), spec));
        }
        foreach (var (name, spec) in MultiLine)
        {
            yield return new CorpusFile(name, Object(Name("text"), spec));
        }
        foreach (var (name, text) in Streams())
        {
            yield return new CorpusFile(name, text, Alone: true);
        }
        foreach (var file in Examples())
        {
            yield return file;
        }
    }

    private static readonly (string, string)[] Structures =
    [
        ("nested flow", "v: {a: [1, {b: c}], d: {}}"),
        ("nested block", "v:\n  a:\n  - 1\n  - b: c\n    d: e\n  f: {}"),
        ("sequence at the key's indent", "v:\n- a\n- b"),
        ("sequence of sequences", "v:\n- - a\n  - b\n- - c"),
        ("compact mapping in a sequence", "v:\n- a: 1\n  b: 2\n- c: 3"),
        ("explicit keys", "? a\n: 1\n? b\n: [2]"),
        ("empty values", "a:\nb: []\nc: {}\nd: ''"),
        ("flow over lines", "v: [a,\n  b, {c: d,\n  e: f}]"),
        ("flow with trailing comma", "v: [a, b, ]"),
        ("flow mapping trailing comma", "v: {a: 1, }"),
        ("flow pair in sequence", "v: [a: 1, b]"),
        ("empty flow value", "v: {a: , b: 2}"),
        ("json in yaml", "v: {\"a\": [1, 2.5, true, null, \"x\"]}"),
        ("adjacent flow value", "v: {\"a\":1}"),
        ("anchor and alias", "a: &x 1\nb: *x"),
        ("anchor on a mapping", "a: &m {k: v}\nb: *m\nc: [*m, *m]"),
        ("anchor on a sequence", "a: &s [1, 2]\nb: *s"),
        ("anchor redefined", "a: &x 1\nb: *x\nc: &x 2\nd: *x"),
        ("alias as key", "a: &k key\n*k : v"),
        ("anchor in block", "a: &b\n  k: v\nb: *b"),
        ("comment after key", "a: # comment\n  b: 1"),
        ("comment lines", "# one\na: 1\n  # indented\nb: 2 # trailing\n# last"),
        ("comment in flow", "v: [a, # one\n  b] # two"),
        ("comment after dash", "v:\n- # empty item\n- a"),
        ("hash in a value", "v: a#b c #d"),
        ("deep but allowed", "v: " + new string('[', 50) + new string(']', 50)),
        ("long key", new string('k', 500) + ": v"),
        ("unicode", "v: héllo wörld ✓\nkëy: 日本"),
        ("tab after value", "a: 1\t\nb: x\t# c"),
        ("tab separated flow", "v: [a,\tb]"),
        ("colon in value", "v: a:b\nw: 'a: b'"),
        ("indented sequence", "v:\n    - a\n    - b"),
        ("null item", "v:\n-\n- ~\n- null"),
        ("set-like", "v: {a, b}"),
    ];

    private static readonly (string, string)[] Merges =
    [
        ("merge one", "base: &b {x: 1, y: 2}\nv:\n  <<: *b\n  y: 3"),
        ("merge before explicit", "base: &b {x: 1, y: 2}\nv:\n  y: 3\n  <<: *b"),
        ("merge list", "a: &a {x: 1}\nb: &b {x: 2, y: 2}\nv:\n  <<: [*a, *b]\n  z: 3"),
        ("merge in flow", "a: &a {x: 1}\nv: {<<: *a, y: 2}"),
        ("merge inline map", "v:\n  <<: {x: 1}\n  y: 2"),
        ("merge nested", "a: &a {x: {p: 1}}\nv:\n  <<: *a"),
        ("merge quoted key", "v:\n  '<<': {x: 1}"),
        ("merge twice", "a: &a {x: 1}\nb: &b {y: 2}\nv:\n  <<: *a\n  <<: *b"),
        ("merge scalar", "v:\n  <<: 1"),
        ("merge key in sequence value", "v: [<<]"),
    ];

    private static readonly (string, string)[] MultiLine =
    [
        ("literal", "v: |\n  line 1\n  line 2\nw: x"),
        ("literal strip", "v: |-\n  text\n\nw: x"),
        ("literal keep", "v: |+\n  text\n\nw: x"),
        ("literal indent indicator", "v: |2\n   lead\n  text"),
        ("folded", "v: >\n  a\n  b\n\n  c\nw: x"),
        ("folded strip", "v: >-\n  a\n  b"),
        ("folded more indented", "v: >\n  a\n    b\n  c"),
        ("plain multi-line", "v: a\n  b\n  c\nw: x"),
        ("double-quoted multi-line", "v: \"a\n  b\\\n  c\"\nw: x"),
        ("single-quoted multi-line", "v: 'a\n\n  b'"),
        ("literal with comment-like line", "v: |\n  # not a comment\n  x"),
        ("literal in sequence", "v:\n- |\n  a\n- b"),
        ("literal lua", "code: |\n  function envoy_on_request(h)\n    h:respond({[\":status\"] = \"421\"}, \"\")\n  end"),
        ("literal trailing blank lines", "v: |\n  a\n\n\n"),
    ];

    private const string Small = "apiVersion: example.com/v1\nkind: Sample\nmetadata:\n  name: s\nspec:\n  a: 1\n";

    private static IEnumerable<(string, string)> Streams()
    {
        yield return ("CRLF", Small.Replace("\n", "\r\n", StringComparison.Ordinal));
        yield return ("CRLF literal", (Small + "  b: |\n    x\n    y\n").Replace("\n", "\r\n", StringComparison.Ordinal));
        yield return ("BOM", "\uFEFF" + Small);
        yield return ("BOM and separator", "\uFEFF---\n" + Small);
        yield return ("BOM, CRLF and separator", ("\uFEFF---\n" + Small).Replace("\n", "\r\n", StringComparison.Ordinal));
        yield return ("document end", Small + "...\n");
        yield return ("document end then more", Small + "...\n---\n" + Small.Replace("name: s", "name: t", StringComparison.Ordinal));
        yield return ("separator with comment", "--- # first\n" + Small + "--- # second\n" + Small.Replace("name: s", "name: t", StringComparison.Ordinal));
        yield return ("separators only", "---\n---\n" + Small + "---\n");
        yield return ("comment-only document", "# nothing\n---\n" + Small);
        yield return ("no final newline", Small.TrimEnd('\n'));
        yield return ("YAML directive", "%YAML 1.1\n---\n" + Small);
        yield return ("separator followed by content", "--- " + "{apiVersion: v1, kind: ConfigMap, metadata: {name: a}}\n");
        yield return ("flow document", "{apiVersion: example.com/v1, kind: Sample, metadata: {name: f}, spec: {a: [1, 2]}}\n");
        yield return ("JSON document", "{\"apiVersion\": \"example.com/v1\", \"kind\": \"Sample\", \"metadata\": {\"name\": \"j\"}, \"spec\": {\"n\": 1.5e3, \"s\": \"\\u00e9\"}}\n");
        yield return ("JSON values in a row", "{\"apiVersion\": \"v1\", \"kind\": \"ConfigMap\", \"metadata\": {\"name\": \"a\"}}\n{\"apiVersion\": \"v1\", \"kind\": \"ConfigMap\", \"metadata\": {\"name\": \"b\"}}\n");
        yield return ("List", "apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: ConfigMap\n  metadata: {name: a}\n");
        // The error classes of issue 15 and their neighbours.
        yield return ("missing brace", Small + "  x:\n  - a: {b: 1\n    c: d\n");
        yield return ("missing bracket at the end", Small + "  x: [1, 2\n");
        yield return ("tab as indentation", Small + "\tb: 2\n");
        yield return ("tab on line 7", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n  labels:\n    a: b\n\tx: y\n");
        yield return ("unclosed quote", Small + "  b: 'x\n");
        yield return ("unknown alias", Small + "  b: *nothing\n");
        yield return ("bad indentation", Small + " b: 2\n");
        yield return ("mapping in a plain scalar", Small + "  b: c: d\n");
        yield return ("nested 500 deep", Small + "  b: " + new string('[', 500) + new string(']', 500) + "\n");
        yield return ("infinity", Small + "  b: .inf\n");
        yield return ("not a number", Small + "  b: .NaN\n");
        yield return ("null key", Small + "  ~: 1\n");
        yield return ("JSON bad token", "{\"apiVersion\": \"v1\",\n\"kind\": }\n");
        yield return ("JSON truncated", "{\"apiVersion\": \"v1\",\n");
    }

    // The repository's own manifests: every example and test case kubectl can print.
    private static IEnumerable<CorpusFile> Examples()
    {
        var files = Directory.EnumerateFiles(Repo.Examples, "*.yaml", SearchOption.AllDirectories)
            .Concat(Directory.EnumerateFiles(Repo.Cases, "*.yaml", SearchOption.AllDirectories))
            .Order(StringComparer.Ordinal);
        foreach (var file in files)
        {
            yield return new CorpusFile(Path.GetRelativePath(Repo.Root, file), File.ReadAllText(file), Alone: true);
        }
    }
}
