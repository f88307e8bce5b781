using System.Text;
using System.Text.Json.Nodes;
using CsCheck;
using IstioTls.Documents;
using IstioTls.Sources;

namespace IstioTls.Tests;

/// <summary>Large YAML streams are parsed in pieces in parallel; the result must be exactly what
/// one sequential read gives: the same documents, in order, with the same lines.</summary>
public class ParallelYamlProperties
{
    private static readonly Gen<string> Document = Gen.OneOf(
        Gen.Const("apiVersion: v1\nkind: A\nmetadata: {name: a}\n"),
        Gen.Const("# a comment\nkey: |\n  line one\n  --- not a marker: indented\nlist:\n- x\n- y\n"),
        Gen.Const("kind: B\nspec:\n  servers:\n  - port: {number: 443}\n    hosts: [\"a\", 'b']\n"),
        Gen.Const(""),
        Gen.Const("just: a\n...\n"),
        Gen.Const("--- |\n  a literal document\n"),
        Gen.Const("anchors: &x {a: 1}\nuse: *x\n"));

    [Fact]
    public void Pieces_read_in_parallel_equal_one_sequential_read()
    {
        Gen.Select(Document.Array[1, 30], Gen.Int[1, 200]).Sample((documents, pieceSize) =>
        {
            var yaml = string.Join("---\n", documents);
            var bytes = Encoding.UTF8.GetBytes(yaml);

            var sequential = ManifestReader.Read("x.yaml", bytes, int.MaxValue);
            var parallel = ManifestReader.Read("x.yaml", bytes, pieceSize);

            Assert.Equal(sequential.Select(d => d.Line), parallel.Select(d => d.Line));
            Assert.Equal(sequential.Select(d => d.Root?.ToJsonString()), parallel.Select(d => d.Root?.ToJsonString()));
        }, iter: 300);
    }

    [Fact]
    public void Documents_mapped_as_they_are_read_come_once_each_in_input_order()
    {
        // The simple reader maps documents before it may give a piece up to YamlDotNet (an
        // anchor further on): what it mapped then is dropped, never doubled.
        Gen.Select(Document.Array[1, 30], Gen.Int[1, 200]).Sample((documents, pieceSize) =>
        {
            var bytes = Encoding.UTF8.GetBytes(string.Join("---\n", documents));

            var read = ManifestReader.Read("x.yaml", bytes, int.MaxValue).Select(d => (d.Line, d.Root?.ToJsonString()));
            var mapped = ManifestReader.Read("x.yaml", bytes, pieceSize, d => (d.Line, d.Root?.ToJsonString()));

            Assert.Equal(read, mapped);
        }, iter: 300);
    }

    [Fact]
    public void An_error_in_a_later_piece_names_its_own_line()
    {
        var yaml = string.Concat(Enumerable.Repeat("kind: A\nmetadata: {name: a}\n---\n", 50)) + "kind: B\n  bad: indentation\n";
        var bytes = Encoding.UTF8.GetBytes(yaml);

        var sequential = Assert.Throws<DocumentException>(() => ManifestReader.Read("x.yaml", bytes, int.MaxValue));
        var parallel = Assert.Throws<DocumentException>(() => ManifestReader.Read("x.yaml", bytes, 64));

        Assert.Equal(152, sequential.Line);
        Assert.Equal(sequential.Message, parallel.Message);
    }

    [Fact]
    public void Splits_only_at_document_markers_at_the_start_of_a_line()
    {
        var text = "a: 1\n---\nb: |\n  ---\n--- x\nc: 3\n---\n"u8;

        var pieces = YamlStreamSplitter.Split(text, 1);

        Assert.Equal([(0, 0), (5, 1), (20, 4), (31, 6)], pieces.Select(p => (p.Start, p.FirstLine)));
    }
}
