namespace IstioTls.CommandLine;

/// <summary>
/// Rewrites arguments typed the kubectl way into the form ConsoleAppFramework parses:
/// <c>--flag=value</c> and <c>-ojson</c> become two words, and repeated list flags
/// (<c>-f a -f b</c>) become one comma-separated value, which is also what kubectl's own
/// <c>-f a,b</c> means. A switch takes <c>--flag=true</c> and <c>--flag=false</c>, as kubectl's
/// booleans do, and a bare <c>--dry-run</c> is <c>--dry-run client</c> (its value is optional,
/// as kubectl's is). Everything after <c>--</c> is left alone.
/// </summary>
public static class KubectlArgs
{
    /// <summary>Flags that take a value and may be written glued to their short name.</summary>
    private static readonly char[] GluedShortFlags = ['o', 'n', 'f', 'l', 's', 'v'];

    /// <param name="switches">Flags that take no value, by their long name (<c>--dry-run</c>).</param>
    public static string[] Normalize(IReadOnlyList<string> args, IReadOnlyCollection<string> listFlags, IReadOnlyCollection<string>? switches = null)
    {
        var words = new List<string>(args.Count + 4);
        var escaped = false;
        foreach (var arg in args)
        {
            if (escaped)
            {
                words.Add(arg);
                continue;
            }
            if (arg == "--")
            {
                escaped = true;
                words.Add(arg);
            }
            else if (arg == "--dry-run")
            {
                words.Add(arg);
                words.Add(DryRunFlag.Bare);
            }
            else if (arg.StartsWith("--", StringComparison.Ordinal) && arg.IndexOf('=', StringComparison.Ordinal) is var eq and > 2)
            {
                if (switches?.Contains(arg[..eq]) == true)
                {
                    if (Switch(arg[..eq], arg[(eq + 1)..]))
                    {
                        words.Add(arg[..eq]);
                    }
                    continue;
                }
                words.Add(arg[..eq]);
                words.Add(arg[(eq + 1)..]);
            }
            else if (arg.Length > 2 && arg[0] == '-' && arg[1] != '-' && GluedShortFlags.Contains(arg[1]))
            {
                words.Add(arg[..2]);
                words.Add(arg[2] == '=' ? arg[3..] : arg[2..]);
            }
            else
            {
                words.Add(arg);
            }
        }
        return JoinRepeated(words, listFlags);
    }

    /// <summary>
    /// Moves global flags written before the command after it (<c>kubectl istio-tls --kubeconfig K
    /// check</c> is <c>check --kubeconfig K</c>), where ConsoleAppFramework reads them; it would
    /// otherwise print the root help and exit 0. Unchanged when no command follows the flags.
    /// </summary>
    /// <param name="takesNextWord">Whether a flag (as written, <c>-n</c> or <c>--context</c>) takes the next word as its value.</param>
    public static string[] CommandFirst(IReadOnlyList<string> args, Func<string, bool> takesNextWord)
    {
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (arg == "--" || arg is "-h" or "--help" or "--version")
            {
                break;
            }
            if (!arg.StartsWith('-'))
            {
                return i == 0 ? [.. args] : [arg, .. args.Take(i), .. args.Skip(i + 1)];
            }
            if (!arg.Contains('=', StringComparison.Ordinal) && takesNextWord(arg))
            {
                i++;
            }
        }
        return [.. args];
    }

    /// <summary>Whether <c>--flag=value</c> turns the switch on.</summary>
    private static bool Switch(string flag, string value) => value.ToLowerInvariant() switch
    {
        "true" or "1" or "t" => true,
        "false" or "0" or "f" => false,
        _ => throw new UsageException($"{flag} takes true or false, not \"{value}\""),
    };

    private static string[] JoinRepeated(List<string> words, IReadOnlyCollection<string> listFlags)
    {
        var result = new List<string>(words.Count);
        var firstValueAt = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < words.Count; i++)
        {
            var word = words[i];
            if (word == "--")
            {
                result.AddRange(words.Skip(i));
                break;
            }
            var canonical = Canonical(word, listFlags);
            if (canonical is not null && i + 1 < words.Count)
            {
                var value = words[++i];
                if (firstValueAt.TryGetValue(canonical, out var at))
                {
                    result[at] = result[at] + "," + value;
                }
                else
                {
                    result.Add(word);
                    firstValueAt[canonical] = result.Count;
                    result.Add(value);
                }
                continue;
            }
            result.Add(word);
        }
        return [.. result];
    }

    // A list flag is named by its aliases, e.g. "-f|--filename"; any alias maps to the first.
    private static string? Canonical(string word, IReadOnlyCollection<string> listFlags)
    {
        foreach (var flag in listFlags)
        {
            foreach (var alias in flag.Split('|'))
            {
                if (alias == word)
                {
                    return flag;
                }
            }
        }
        return null;
    }
}
