using System.Text;
using System.Text.Json.Nodes;
using CsCheck;
using IstioTls.Documents;
using IstioTls.Tests.Support;

namespace IstioTls.Tests;

/// <summary>
/// The fast reader must never disagree with YamlDotNet: on what it reads, the same documents,
/// lines and item lines; on what it does not read (or what is not YAML), it gives up and
/// YamlDotNet reads it.
/// </summary>
public class SimpleYamlReaderTests(Xunit.Abstractions.ITestOutputHelper output)
{
    public static TheoryData<string, string> ReadFast => new()
    {
        { "kubectl's block style", "apiVersion: v1\nkind: List\nitems:\n- apiVersion: networking.istio.io/v1\n  kind: Gateway\n  metadata:\n    name: a\n  spec:\n    servers:\n    - hosts:\n      - a.example.com\n      port:\n        number: 443\n" },
        { "flow collections", "spec:\n  selector: {istio: ingressgateway, app: \"gw\"}\n  servers:\n  - {port: {number: 443, name: https, protocol: HTTPS}, hosts: [\"a\", 'b', c], tls: {mode: SIMPLE}}\n" },
        { "comments everywhere", "# head\na: 1 # one\n# middle\nb:\n  # inside\n  - x # item\n  -   y\nc: \"q # not a comment\"\n" },
        { "documents", "---\na: 1\n---\n---\n# only a comment\nb: [1, 2, ]\n" },
        { "scalars kubectl resolves", "t: yes\nf: off\nn: ~\ne:\ni: 0x1F\nd: 1.5\ns: '443'\nq: \"a \\\"b\\\" \\u00e9\"\nk: kubernetes://x\nw: '*.example.com'\n" },
        { "keys that are not strings", "443: a\ntrue: b\n\"quoted key\": c\n'it''s': d\n" },
        { "sequence at its key's indentation", "servers:\n- a\n- b\nnext: 1\n" },
        { "empty items and values", "a:\nb:\n- \n-\n  x: 1\nc: {}\nd: []\n" },
        { "windows line ends", "a: 1\r\nb:\r\n  c: 2\r\n" },
        { "nested compact mappings", "- a: 1\n  b:\n  - c: 2\n    d: 3\n" },
    };

    [Theory]
    [MemberData(nameof(ReadFast))]
    public void Reads_the_simple_subset_exactly_as_YamlDotNet(string situation, string yaml)
    {
        var fast = SimpleYamlReader.TryRead(yaml);

        Assert.True(fast is not null, $"{situation}: the simple reader gave up");
        AssertSame(yaml, fast);
    }

    public static TheoryData<string, string> GivesUp => new()
    {
        { "anchors", "a: &x 1\nb: *x\n" },
        { "merge keys", "a: {x: 1}\nb:\n  <<: {y: 2}\n" },
        { "tags", "a: !!str 1\n" },
        { "literal blocks", "code: |\n  line\n" },
        { "folded blocks", "code: >\n  line\n" },
        { "multi-line plain scalars", "a: one\n  two\n" },
        { "multi-line quoted scalars", "a: \"one\n  two\"\n" },
        { "tabs in indentation", "a:\n\tb: 1\n" },
        { "directives", "%YAML 1.2\n---\na: 1\n" },
        { "document end markers", "a: 1\n...\n" },
        { "complex keys", "? a\n: b\n" },
        { "duplicate keys", "a: 1\na: 2\n" },
        { "bad indentation", "a:\n  b: 1\n c: 2\n" },
        { "a mapping where a value is", "a: b: c\n" },
        { "unclosed flow", "a: [1, 2\n" },
        { "a document that is a scalar", "just text\n" },
    };

    [Theory]
    [MemberData(nameof(GivesUp))]
    public void Gives_up_on_what_it_does_not_read(string situation, string yaml)
    {
        Assert.True(SimpleYamlReader.TryRead(yaml) is null, $"{situation}: the simple reader should have given up");
    }

    [Fact]
    public void Reads_every_example_and_test_case_without_block_scalars_fast()
    {
        var files = Directory.EnumerateFiles(Repo.Examples, "*.yaml", SearchOption.AllDirectories)
            .Concat(Directory.EnumerateFiles(Repo.Cases, "*.yaml", SearchOption.AllDirectories));
        foreach (var file in files)
        {
            var yaml = File.ReadAllText(file);
            var fast = SimpleYamlReader.TryRead(yaml);

            // Certificates and Lua sit in literal blocks, which YamlDotNet reads.
            var hasBlockScalars = System.Text.RegularExpressions.Regex.IsMatch(yaml, @":\s*[|>][-+]?\s*$", System.Text.RegularExpressions.RegexOptions.Multiline);
            Assert.True(fast is not null || hasBlockScalars, $"{file}: the simple reader gave up");
            AssertSame(yaml, fast);
        }
    }

    [Fact]
    public void Never_disagrees_on_written_documents()
    {
        DocumentProperties.Documents.Sample(document =>
        {
            var yaml = new StringWriter();
            YamlDocumentWriter.Write(yaml, document);

            AssertSame(yaml.ToString(), SimpleYamlReader.TryRead(yaml.ToString()));
        }, iter: 1000);
    }

    [Fact]
    public void Never_disagrees_on_damaged_documents()
    {
        // Only inputs the fast reader answers are compared; one that gave up on everything would
        // pass, so the share it answered is counted, reported and held to a floor.
        var answered = 0;
        var tried = 0;
        var source = string.Join("---\n", ReadFast.Select(row => (string)row[1]));
        var edits = Gen.Select(Gen.Int[0, source.Length - 1], Gen.OneOf(Gen.Const(""), Gen.Const(" "), Gen.Const(":"), Gen.Const("- "), Gen.Const("\n"), Gen.Const("\""), Gen.Const("#"), Gen.Const("["), Gen.Const("}"), Gen.Const("  ")), Gen.Int[0, 3]);
        edits.Array[1, 4].Sample(list =>
        {
            var text = new StringBuilder(source);
            foreach (var (at, insert, remove) in list)
            {
                var position = Math.Min(at, text.Length);
                text.Remove(position, Math.Min(remove, text.Length - position)).Insert(position, insert);
            }

            var fast = SimpleYamlReader.TryRead(text.ToString());
            Interlocked.Increment(ref tried);
            if (fast is not null)
            {
                Interlocked.Increment(ref answered);
            }
            AssertSame(text.ToString(), fast);
        }, iter: 3000);

        output.WriteLine($"the fast reader answered {answered} of {tried} damaged inputs");
        Assert.True(answered >= tried / 10, $"the fast reader answered only {answered} of {tried} damaged inputs: the comparison proves little");
    }

    /// <summary>Where the simple reader answered, YamlDotNet must give the same documents.</summary>
    private static void AssertSame(string yaml, List<ParsedDocument>? fast)
    {
        if (fast is null)
        {
            return;
        }
        List<ParsedDocument> slow;
        try
        {
            slow = [.. YamlDocumentReader.Read(new StringReader(yaml), "x.yaml")];
        }
        catch (DocumentException e)
        {
            Assert.Fail($"the simple reader read what YamlDotNet rejects ({e.Message}):\n{yaml}");
            return;
        }
        Assert.True(slow.Count == fast.Count, $"{fast.Count} documents instead of {slow.Count}:\n{yaml}");
        for (var i = 0; i < slow.Count; i++)
        {
            Assert.True(JsonNode.DeepEquals(slow[i].Root, fast[i].Root), $"document {i}: {fast[i].Root?.ToJsonString()} instead of {slow[i].Root?.ToJsonString()}:\n{yaml}");
            Assert.True(slow[i].Line == fast[i].Line, $"document {i} at line {fast[i].Line} instead of {slow[i].Line}:\n{yaml}");
            if (slow[i].Root is JsonObject root)
            {
                var fastRoot = (JsonObject)fast[i].Root!;
                foreach (var (key, value) in root)
                {
                    if (value is JsonArray items)
                    {
                        var fastItems = (JsonArray)fastRoot[key]!;
                        for (var j = 0; j < items.Count; j++)
                        {
                            if (items[j] is JsonObject item)
                            {
                                Assert.True(slow[i].LineOf(item) == fast[i].LineOf(fastItems[j]!), $"{key}[{j}] at line {fast[i].LineOf(fastItems[j]!)} instead of {slow[i].LineOf(item)}:\n{yaml}");
                            }
                        }
                    }
                }
            }
        }
    }
}
