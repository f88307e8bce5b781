using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace IstioTls.Documents;

/// <summary>A node of a manifest's text with where it stands: what edits in place need (merge
/// <c>--write</c>), where the readers only keep values. Offsets are character indexes into the
/// file's text; <see cref="End"/> is just past the node's last character.</summary>
public abstract class SourceNode
{
    public required int Start { get; init; }

    public required int End { get; init; }

    public required bool Flow { get; init; }
}

public sealed class SourceScalar : SourceNode
{
    public required string Value { get; init; }

    public required ScalarStyle Style { get; init; }
}

public sealed class SourceSequence : SourceNode
{
    public required IReadOnlyList<SourceNode> Items { get; init; }
}

public sealed class SourceMapping : SourceNode
{
    public required IReadOnlyList<(SourceScalar Key, SourceNode Value)> Entries { get; init; }

    public SourceNode? this[string key] => Entries.FirstOrDefault(e => e.Key.Value == key).Value;

    public string? Text(string key) => (this[key] as SourceScalar)?.Value;
}

/// <summary>One document of a file: its root node and the characters it spans, from the first
/// character after the <c>---</c> line before it (or the file's start) to the start of the next
/// <c>---</c> line (or the file's end).</summary>
public sealed record SourceDocument(SourceNode? Root, int RegionStart, int RegionEnd, int SeparatorStart);

/// <summary>
/// A YAML (or JSON) file read with positions, by YamlDotNet's event parser. Anchors, aliases and
/// merge keys are refused: an edit at one place of the text would change several places of the
/// objects. Only used on the files a plan edits; <c>check</c> never builds it.
/// </summary>
public static class SourceMap
{
    public static IReadOnlyList<SourceDocument> Read(string text, string origin)
    {
        var parser = new Parser(new Scanner(new StringReader(text), skipComments: true));
        var separators = Separators(text);
        var documents = new List<SourceDocument>();
        try
        {
            parser.Consume<StreamStart>();
            while (!parser.Accept<StreamEnd>(out _))
            {
                parser.Consume<DocumentStart>();
                var root = parser.Accept<DocumentEnd>(out _) ? null : Node(parser, origin);
                parser.Consume<DocumentEnd>();
                var at = root?.Start ?? 0;
                var separator = separators.LastOrDefault(s => s <= at, -1);
                var next = separators.FirstOrDefault(s => s > at, text.Length);
                var regionStart = separator < 0 ? 0 : LineEnd(text, separator);
                documents.Add(new SourceDocument(root, regionStart, next, separator));
            }
        }
        catch (YamlException e)
        {
            throw new DocumentException(origin, (int)e.Start.Line, "invalid YAML: " + e.Message, (int)e.Start.Column);
        }
        return documents;
    }

    private static SourceNode Node(IParser parser, string origin)
    {
        var current = parser.Current ?? throw new DocumentException(origin, null, "unexpected end of input");
        if (current is NodeEvent { Anchor.IsEmpty: false } or AnchorAlias)
        {
            throw new DocumentException(origin, (int)current.Start.Line, "anchors and aliases are not edited in place: one edit would change several places", (int)current.Start.Column);
        }
        switch (current)
        {
            case Scalar scalar:
                parser.MoveNext();
                return new SourceScalar { Start = (int)scalar.Start.Index, End = (int)scalar.End.Index, Flow = scalar.Style != ScalarStyle.Literal && scalar.Style != ScalarStyle.Folded, Value = scalar.Value, Style = scalar.Style };
            case SequenceStart sequence:
                {
                    parser.MoveNext();
                    var items = new List<SourceNode>();
                    while (!parser.Accept<SequenceEnd>(out _))
                    {
                        items.Add(Node(parser, origin));
                    }
                    var end = parser.Consume<SequenceEnd>();
                    var flow = sequence.Style == SequenceStyle.Flow;
                    return new SourceSequence { Start = (int)sequence.Start.Index, End = flow ? (int)end.End.Index : items.Count > 0 ? items[^1].End : (int)sequence.End.Index, Flow = flow, Items = items };
                }
            case MappingStart mapping:
                {
                    parser.MoveNext();
                    var entries = new List<(SourceScalar, SourceNode)>();
                    while (!parser.Accept<MappingEnd>(out _))
                    {
                        var key = Node(parser, origin) as SourceScalar
                            ?? throw new DocumentException(origin, (int)mapping.Start.Line, "a key that is not a scalar is not edited in place");
                        if (key.Value == "<<")
                        {
                            throw new DocumentException(origin, (int)mapping.Start.Line, "merge keys (<<) are not edited in place");
                        }
                        entries.Add((key, Node(parser, origin)));
                    }
                    var end = parser.Consume<MappingEnd>();
                    var flow = mapping.Style == MappingStyle.Flow;
                    return new SourceMapping { Start = (int)mapping.Start.Index, End = flow ? (int)end.End.Index : entries.Count > 0 ? entries[^1].Item2.End : (int)mapping.End.Index, Flow = flow, Entries = entries };
                }
            default:
                throw new DocumentException(origin, (int)current.Start.Line, $"unexpected {current.GetType().Name}");
        }
    }

    /// <summary>Where each <c>---</c> line starts (a document start marker at the start of a
    /// line, as the readers split streams).</summary>
    private static List<int> Separators(string text)
    {
        var separators = new List<int>();
        for (var start = 0; start < text.Length;)
        {
            var end = text.IndexOf('\n', start);
            var line = text.AsSpan(start, (end < 0 ? text.Length : end) - start).TrimEnd('\r');
            if (line.StartsWith("---") && (line.Length == 3 || line[3] is ' ' or '\t'))
            {
                separators.Add(start);
            }
            start = end < 0 ? text.Length : end + 1;
        }
        return separators;
    }

    /// <summary>The index just past the line break of the line that holds <paramref name="index"/>.</summary>
    public static int LineEnd(string text, int index)
    {
        var end = text.IndexOf('\n', index);
        return end < 0 ? text.Length : end + 1;
    }

    /// <summary>The index of the first character of the line that holds <paramref name="index"/>.</summary>
    public static int LineStart(string text, int index) => index == 0 ? 0 : text.LastIndexOf('\n', index - 1) + 1;
}
