namespace IstioTls.CommandLine.Completion;

/// <summary>
/// Completes the word being typed after <c>kubectl istio-tls</c>: commands, the flags of the
/// command and the global flags (those not given yet, unless repeatable), and flag values: fixed
/// choices, file names, names from the kubeconfig and from the cluster (through <paramref name="lookup"/>,
/// with the kubeconfig, context and connection flags among the words), each with its description.
/// The words are the ones kubectl passes to <c>kubectl_complete-istio_tls</c>; the last one is the
/// word under the cursor, possibly empty.
/// </summary>
public sealed class Completer(IReadOnlyList<CommandSpec> commands, IReadOnlyList<FlagSpec> globalFlags, ValueLookup lookup)
{
    private static readonly FlagSpec Help = new("--help", "-h", Description: "Show help.");
    private static readonly FlagSpec[] RootFlags = [Help, new("--version", Description: "Show the version.")];

    public CompletionResult Complete(IReadOnlyList<string> words)
    {
        var current = words.Count > 0 ? words[^1] : "";
        CommandSpec? command = null;
        FlagSpec? pending = null;
        var typed = new Dictionary<string, string>(StringComparer.Ordinal);
        var arguments = 0;
        var given = new HashSet<FlagSpec>();
        for (var i = 0; i < words.Count - 1; i++)
        {
            var word = words[i];
            if (pending is not null)
            {
                typed[pending.Name] = word;
                pending = null;
            }
            else if (word == "--")
            {
                // Everything after "--" is an argument, and no command takes arguments.
                return CompletionResult.Nothing;
            }
            else if (word.StartsWith('-'))
            {
                var (name, value) = SplitFlag(word);
                if (Find(command, name) is not { } flag)
                {
                    continue;
                }
                given.Add(flag);
                if (flag.TakesNextWord && value is null)
                {
                    pending = flag;
                }
                else
                {
                    typed[flag.Name] = value ?? "true";
                }
            }
            else if (command is null)
            {
                command = commands.FirstOrDefault(c => c.Name == word);
                if (command is null)
                {
                    return CompletionResult.Nothing;
                }
            }
            else
            {
                arguments++;
            }
        }
        var flags = new TypedFlags(typed);

        if (pending is not null)
        {
            return Values(pending, current, flags);
        }
        // --flag=value: the candidates are values, as cobra gives them; the shell scripts (and
        // kubectl's) complete the part after "=".
        if (current.StartsWith("--", StringComparison.Ordinal) && current.IndexOf('=', StringComparison.Ordinal) is var eq and > 2)
        {
            return Find(command, current[..eq]) is { TakesValue: true } flag
                ? Values(flag, current[(eq + 1)..], flags)
                : CompletionResult.Nothing;
        }
        if (current.StartsWith('-'))
        {
            var offered = command is null ? RootFlags : command.Flags.Concat(globalFlags.Where(g => HelpText.Takes(command.Name, g.Name))).Where(f => f.List || !given.Contains(f)).Append(Help);
            return Matching(offered.SelectMany(f => Names(f, current)), current);
        }
        if (command is null)
        {
            return Matching(commands.Select(c => new Candidate(c.Name, c.Description)), current);
        }
        return command.Arguments is { } values && arguments == 0 ? Matching(values, current) : CompletionResult.Nothing;
    }

    private static (string Name, string? Value) SplitFlag(string word)
    {
        if (word.StartsWith("--", StringComparison.Ordinal))
        {
            var eq = word.IndexOf('=', StringComparison.Ordinal);
            return eq > 2 ? (word[..eq], word[(eq + 1)..]) : (word, null);
        }
        // -ojson and -o=json carry their value, as KubectlArgs reads them.
        return word.Length > 2 ? (word[..2], word[2..].TrimStart('=')) : (word, null);
    }

    // Global flags may come before the command, too.
    private FlagSpec? Find(CommandSpec? command, string name) =>
        command?.Find(name) ?? globalFlags.FirstOrDefault(f => f.Matches(name));

    // After a single "-" both spellings are offered; after "--" only the long one.
    private static IEnumerable<Candidate> Names(FlagSpec flag, string current) =>
        flag.Short is not null && !current.StartsWith("--", StringComparison.Ordinal)
            ? [new(flag.Short, flag.Description), new(flag.Name, flag.Description)]
            : [new(flag.Name, flag.Description)];

    private CompletionResult Values(FlagSpec flag, string typed, TypedFlags flags)
    {
        switch (flag.Value)
        {
            case FlagValue.File:
                return CompletionResult.FileNames;
            case FlagValue.Manifests:
                return CompletionResult.ManifestFiles;
            case FlagValue.Directory:
                return CompletionResult.Directories;
            case FlagValue.Choice:
                return Matching(flag.Choices ?? [], typed);
            case FlagValue.Context or FlagValue.Cluster or FlagValue.User or FlagValue.Namespace or FlagValue.Gateway:
                {
                    // In a list (--contexts a,b,c) the last element is the one being typed.
                    var comma = flag.List ? typed.LastIndexOf(',') : -1;
                    var head = typed[..(comma + 1)];
                    var chosen = typed[..(comma + 1)].Split(',', StringSplitOptions.RemoveEmptyEntries);
                    var names = lookup(flag.Value, flags).Where(n => !chosen.Contains(n.Value, StringComparer.Ordinal));
                    return Matching(names.Select(n => n.WithPrefix(head)), typed);
                }
            default:
                return CompletionResult.Nothing;
        }
    }

    private static CompletionResult Matching(IEnumerable<Candidate> candidates, string typed) =>
        new([.. candidates.Where(c => c.Value.StartsWith(typed, StringComparison.Ordinal)).DistinctBy(c => c.Value, StringComparer.Ordinal)], ShellDirective.NoFileComp);
}
