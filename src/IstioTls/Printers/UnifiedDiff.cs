using IstioTls.Plans.Merge;

namespace IstioTls.Printers;

/// <summary>
/// <c>merge --diff</c>: the changes <c>--write</c> would make, as a unified diff with
/// <c>a/</c> and <c>b/</c> prefixes (what <c>git apply</c> and <c>patch -p1</c> take), paths
/// relative to the working directory; a deleted file goes to <c>/dev/null</c>. Lines keep their
/// line ends (a CRLF file's lines end in CR), and a last line without a line break is marked as
/// diff marks it.
/// </summary>
public static class UnifiedDiff
{
    private const int Context = 3;

    public static void Print(IReadOnlyList<SourceFileChange> changes, string workingDirectory, TextWriter output)
    {
        foreach (var change in changes)
        {
            var path = Relative(change.Path, workingDirectory);
            output.Write($"--- a/{path}\n");
            output.Write(change.Deleted ? "+++ /dev/null\n" : $"+++ b/{path}\n");
            WriteHunks(Lines(change.Before), Lines(change.After ?? ""), output);
        }
    }

    public static string Relative(string path, string workingDirectory) =>
        Path.GetRelativePath(workingDirectory, Path.GetFullPath(path, workingDirectory)).Replace(Path.DirectorySeparatorChar, '/');

    /// <summary>The lines of a text, each with a flag for a line break after it.</summary>
    private static List<(string Text, bool Break)> Lines(string text)
    {
        var lines = new List<(string, bool)>();
        for (var start = 0; start < text.Length;)
        {
            var end = text.IndexOf('\n', start);
            if (end < 0)
            {
                lines.Add((text[start..], false));
                break;
            }
            lines.Add((text[start..end], true));
            start = end + 1;
        }
        return lines;
    }

    private static void WriteHunks(List<(string Text, bool Break)> before, List<(string Text, bool Break)> after, TextWriter output)
    {
        var script = Edits(before, after);
        var i = 0;
        while (i < script.Count)
        {
            if (script[i].Op == ' ')
            {
                i++;
                continue;
            }
            // A hunk: from Context lines before the first change to Context lines after the last
            // change that is not followed by more than 2 * Context unchanged lines.
            var start = Math.Max(0, i - Context);
            var end = i;
            while (true)
            {
                while (end < script.Count && script[end].Op != ' ')
                {
                    end++;
                }
                var unchanged = end;
                while (unchanged < script.Count && script[unchanged].Op == ' ')
                {
                    unchanged++;
                }
                if (unchanged < script.Count && unchanged - end <= 2 * Context)
                {
                    end = unchanged;
                    continue;
                }
                end = Math.Min(script.Count, end + Context);
                break;
            }
            var hunk = script.GetRange(start, end - start);
            var oldStart = script.Take(start).Count(s => s.Op != '+');
            var newStart = script.Take(start).Count(s => s.Op != '-');
            var oldCount = hunk.Count(s => s.Op != '+');
            var newCount = hunk.Count(s => s.Op != '-');
            output.Write($"@@ -{Range(oldStart, oldCount)} +{Range(newStart, newCount)} @@\n");
            foreach (var (op, line) in hunk)
            {
                output.Write(op);
                output.Write(line.Text);
                output.Write('\n');
                if (!line.Break)
                {
                    output.Write("\\ No newline at end of file\n");
                }
            }
            i = end;
        }
    }

    // As diff writes ranges: "start,count", the line before an empty range, "start" for one line.
    private static string Range(int start, int count) => count switch
    {
        0 => $"{start},0",
        1 => $"{start + 1}",
        _ => $"{start + 1},{count}",
    };

    /// <summary>The shortest edit script (Myers' O(ND) algorithm) from one list of lines to the
    /// other: ' ' kept, '-' removed, '+' added.</summary>
    private static List<(char Op, (string Text, bool Break) Line)> Edits(List<(string Text, bool Break)> a, List<(string Text, bool Break)> b)
    {
        int n = a.Count, m = b.Count, max = n + m;
        var v = new int[2 * max + 2];
        var trace = new List<int[]>();
        for (var d = 0; d <= max; d++)
        {
            trace.Add((int[])v.Clone());
            for (var k = -d; k <= d; k += 2)
            {
                var x = k == -d || (k != d && v[max + k - 1] < v[max + k + 1]) ? v[max + k + 1] : v[max + k - 1] + 1;
                var y = x - k;
                while (x < n && y < m && a[x] == b[y])
                {
                    x++;
                    y++;
                }
                v[max + k] = x;
                if (x >= n && y >= m)
                {
                    return Backtrack(a, b, trace, max, d);
                }
            }
        }
        throw new InvalidOperationException("no edit script");
    }

    private static List<(char, (string, bool))> Backtrack(List<(string Text, bool Break)> a, List<(string Text, bool Break)> b, List<int[]> trace, int max, int last)
    {
        var script = new List<(char, (string, bool))>();
        int x = a.Count, y = b.Count;
        for (var d = last; d >= 0; d--)
        {
            var v = trace[d];
            var k = x - y;
            var previousK = d == 0 ? 0 : k == -d || (k != d && v[max + k - 1] < v[max + k + 1]) ? k + 1 : k - 1;
            var previousX = d == 0 ? 0 : v[max + previousK];
            var previousY = previousX - previousK;
            while (x > previousX && y > previousY)
            {
                script.Add((' ', a[--x]));
                y--;
            }
            if (d == 0)
            {
                break;
            }
            if (x == previousX)
            {
                script.Add(('+', b[--y]));
            }
            else
            {
                script.Add(('-', a[--x]));
            }
        }
        script.Reverse();
        return script;
    }
}
