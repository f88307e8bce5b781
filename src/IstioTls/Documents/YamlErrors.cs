using YamlDotNet.Core;

namespace IstioTls.Documents;

/// <summary>
/// Where a YamlDotNet error really is, and its words as a user reads them. The scanner reports
/// a bad scalar from where the scalar began, and a tab in the indentation from the mapping it
/// breaks; the user needs the tab, the line that does not fit, the bracket never closed.
/// </summary>
internal static class YamlErrors
{
    public static (Mark At, string Problem) Locate(YamlException e, string text)
    {
        var message = e.InnerException is YamlException inner ? inner.Message : e.Message;
        // YamlDotNet prefixes positions like "(Line: 3, Col: 5, Idx: 20) - (...): "; the place
        // is given apart.
        var cut = message.LastIndexOf("): ", StringComparison.Ordinal);
        var problem = (cut >= 0 ? message[(cut + 3)..] : message).TrimEnd('.')
            .Replace("violate indentation", "violates indentation", StringComparison.Ordinal);
        if (problem.Length > 0)
        {
            problem = char.ToLowerInvariant(problem[0]) + problem[1..];
        }
        var at = problem.Contains("tab", StringComparison.Ordinal) ? TabFrom(text, e.Start) ?? e.End
            : problem.Contains("end of stream", StringComparison.Ordinal) ? e.Start
            : e is SyntaxErrorException ? e.End
            : e.Start;
        return (at, "invalid YAML: " + problem);
    }

    // The first tab in a line's indentation from the error's start on: the one YAML refuses.
    private static Mark? TabFrom(string text, Mark start)
    {
        var line = 1L;
        var position = 0;
        while (position < text.Length && line < start.Line)
        {
            var end = text.IndexOf('\n', position);
            if (end < 0)
            {
                return null;
            }
            position = end + 1;
            line++;
        }
        while (position < text.Length)
        {
            var column = 0;
            while (position + column < text.Length && text[position + column] is ' ' or '\t')
            {
                if (text[position + column] == '\t')
                {
                    return new Mark(position + column, line, column + 1);
                }
                column++;
            }
            var end = text.IndexOf('\n', position);
            if (end < 0)
            {
                return null;
            }
            position = end + 1;
            line++;
        }
        return null;
    }
}
