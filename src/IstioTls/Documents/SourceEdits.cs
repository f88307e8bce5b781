using System.Text;
using YamlDotNet.Core;

namespace IstioTls.Documents;

/// <summary>One replacement of the characters [<see cref="Start"/>, <see cref="End"/>) of a text.</summary>
public sealed record TextEdit(int Start, int End, string Text);

/// <summary>
/// Edits of a manifest's text at the places <see cref="SourceMap"/> found, that leave every other
/// character as it was: the lines of a removed list item go and nothing else, new list items take
/// the indentation, quoting and line endings of the items beside them.
/// </summary>
public static class SourceEdits
{
    /// <summary>The text with the edits made; they must not overlap.</summary>
    public static string Apply(string text, IEnumerable<TextEdit> edits)
    {
        var ordered = edits.OrderBy(e => e.Start).ThenBy(e => e.End).ToList();
        var result = new StringBuilder(text.Length);
        var at = 0;
        foreach (var edit in ordered)
        {
            if (edit.Start < at)
            {
                throw new InvalidOperationException($"overlapping edits at {edit.Start}");
            }
            result.Append(text, at, edit.Start - at).Append(edit.Text);
            at = edit.End;
        }
        return result.Append(text, at, text.Length - at).ToString();
    }

    /// <summary>Removes item <paramref name="index"/> of a list: its whole lines in a block list
    /// (a comment on its last line goes with it), the item and one comma in a flow list.</summary>
    public static TextEdit RemoveItem(string text, SourceSequence list, int index)
    {
        var item = list.Items[index];
        if (list.Flow)
        {
            return list.Items.Count == 1 ? new TextEdit(item.Start, item.End, "")
                : index < list.Items.Count - 1 ? new TextEdit(item.Start, list.Items[index + 1].Start, "")
                : new TextEdit(list.Items[index - 1].End, item.End, "");
        }
        return new TextEdit(SourceMap.LineStart(text, Dash(text, item)), SourceMap.LineEnd(text, item.End), "");
    }

    /// <summary>Makes a list of scalars say <paramref name="values"/>, touching as little as
    /// it can: items that stay keep their text and the comments beside them, a name that takes
    /// another's place is written in its place and quoting, new names go after the last item;
    /// only a list changed in other ways is written anew from its first item to its last.</summary>
    public static IReadOnlyList<TextEdit> ReplaceScalars(string text, SourceSequence list, IReadOnlyList<string> values)
    {
        var items = list.Items.Select(i => i as SourceScalar ?? throw new InvalidOperationException("a list of scalars was expected")).ToList();
        var old = items.Select(i => i.Value).ToList();
        if (old.SequenceEqual(values))
        {
            return [];
        }
        var style = items.Count > 0 ? items[0].Style : ScalarStyle.DoubleQuoted;
        if (items.Count == 0)
        {
            // Only a flow list is empty: "[]".
            return [new TextEdit(list.Start + 1, list.End - 1, string.Join(", ", values.Select(v => Quote(v, style))))];
        }
        var separator = list.Flow ? ", " : LineBreak(text, items[0].Start) + Indentation(text, items[0]) + "- ";
        // Names replaced one for one (a deleted Gateway's name by its survivor's), then names
        // added at the end: what a merge does to a gateway list.
        var common = Math.Min(old.Count, values.Count);
        if (values.Count >= old.Count)
        {
            var edits = new List<TextEdit>();
            for (var i = 0; i < common; i++)
            {
                if (old[i] != values[i])
                {
                    edits.Add(new TextEdit(items[i].Start, items[i].End, Quote(values[i], items[i].Style)));
                }
            }
            if (values.Count > old.Count)
            {
                var at = list.Flow ? items[^1].End : LineContentEnd(text, items[^1].End);
                edits.Add(new TextEdit(at, at, string.Concat(values.Skip(old.Count).Select(v => separator + Quote(v, style)))));
            }
            return edits;
        }
        var unused = items.ToList();
        var written = values.Select(v =>
        {
            var kept = unused.FirstOrDefault(i => i.Value == v);
            if (kept is null)
            {
                return Quote(v, style);
            }
            unused.Remove(kept);
            return text[kept.Start..kept.End];
        });
        return [new TextEdit(items[0].Start, items[^1].End, string.Join(separator, written))];
    }

    /// <summary>A scalar in the quoting of its neighbours; plain only where YAML reads it back
    /// as the same string (a leading <c>*</c> would be an alias).</summary>
    public static string Quote(string value, ScalarStyle style) => style switch
    {
        ScalarStyle.Plain when IsPlainSafe(value) => value,
        ScalarStyle.SingleQuoted => "'" + value.Replace("'", "''", StringComparison.Ordinal) + "'",
        _ => "\"" + value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"",
    };

    private static bool IsPlainSafe(string value) =>
        value.Length > 0 && char.IsAsciiLetterOrDigit(value[0]) && value.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' || c is '-' || c is '_' || c is '*' || c is '/')
        && !value.Contains("://", StringComparison.Ordinal) && !bool.TryParse(value, out _) && !double.TryParse(value, out _)
        && value is not ("null" or "yes" or "no" or "on" or "off" or "y" or "n");

    /// <summary>Where the <c>-</c> of a block list item stands: before the item, on its line or
    /// on a line of its own above it.</summary>
    private static int Dash(string text, SourceNode item)
    {
        var at = item.Start - 1;
        while (at >= 0 && text[at] is ' ' or '\t' or '\r' or '\n')
        {
            at--;
        }
        return at >= 0 && text[at] == '-' ? at : throw new InvalidOperationException($"no '-' before the list item at {item.Start}");
    }

    /// <summary>What stands before the item's <c>-</c> on its line.</summary>
    private static string Indentation(string text, SourceNode item)
    {
        var dash = Dash(text, item);
        return text[SourceMap.LineStart(text, dash)..dash];
    }

    /// <summary>The line break the file uses where <paramref name="index"/> stands.</summary>
    public static string LineBreak(string text, int index)
    {
        var end = text.IndexOf('\n', index);
        return end > 0 && text[end - 1] == '\r' ? "\r\n" : end < 0 && text.Contains("\r\n", StringComparison.Ordinal) ? "\r\n" : "\n";
    }

    /// <summary>The end of the line's content: before its line break.</summary>
    private static int LineContentEnd(string text, int index)
    {
        var end = text.IndexOf('\n', index);
        if (end < 0)
        {
            return text.Length;
        }
        return end > 0 && text[end - 1] == '\r' ? end - 1 : end;
    }
}
