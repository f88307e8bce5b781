namespace IstioTls.CommandLine;

/// <summary>Errors about the command line that say what was probably meant, as kubectl's do.</summary>
public static class CommandLineHints
{
    /// <summary>"unknown command" with the closest command, when one is close.</summary>
    public static string UnknownCommand(string typed, string program, IReadOnlyList<string> commands)
    {
        var closest = commands.MinBy(c => Distance(typed, c));
        var hint = closest is not null && Distance(typed, closest) <= Math.Max(2, closest.Length / 3)
            ? $"; did you mean \"{closest}\"?"
            : $"; commands: {string.Join(", ", commands)}";
        return $"unknown command \"{typed}\" for \"{program}\"{hint}";
    }

    /// <summary>The framework's one-line error, with a hint where the word was a path given
    /// without <c>-f</c> (<c>check examples/</c>).</summary>
    public static string ForFrameworkError(string message, Func<string, bool> pathExists)
    {
        const string prefix = "Argument '";
        const string suffix = "' is not recognized.";
        if (message.StartsWith(prefix, StringComparison.Ordinal) && message.EndsWith(suffix, StringComparison.Ordinal))
        {
            var word = message[prefix.Length..^suffix.Length];
            if (word == "-" || (!word.StartsWith('-') && pathExists(word)))
            {
                return $"{message[..^1]}: to read manifests, use -f {word}";
            }
        }
        return message;
    }

    /// <summary>Edits (insertions, deletions, substitutions) between two words.</summary>
    private static int Distance(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }
        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
                current[j] = Math.Min(substitution, Math.Min(previous[j], current[j - 1]) + 1);
            }
            (previous, current) = (current, previous);
        }
        return previous[b.Length];
    }
}
