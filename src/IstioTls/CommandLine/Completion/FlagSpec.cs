namespace IstioTls.CommandLine.Completion;

/// <summary>What the value of a flag is, for completion.</summary>
public enum FlagValue
{
    /// <summary>A switch: no value follows.</summary>
    None,

    /// <summary>Free text: nothing to offer.</summary>
    Text,

    /// <summary>One of <see cref="FlagSpec.Choices"/>.</summary>
    Choice,

    /// <summary>A path: the shell completes file names.</summary>
    File,

    /// <summary>A context name from the kubeconfig; a comma-separated list when <see cref="FlagSpec.List"/>.</summary>
    Context,

    /// <summary>A cluster name from the kubeconfig.</summary>
    Cluster,

    /// <summary>A user name from the kubeconfig.</summary>
    User,
}

/// <summary>A flag of a command as completion sees it: its names, what its value is, and whether
/// it may be given again (<c>-f a -f b</c>). <paramref name="OptionalValue"/>: the value comes
/// only as <c>--flag=value</c>, and bare <c>--flag</c> stands alone (kubectl's <c>--dry-run</c>).</summary>
public sealed record FlagSpec(string Name, string? Short = null, FlagValue Value = FlagValue.None, IReadOnlyList<string>? Choices = null, bool List = false, bool OptionalValue = false)
{
    public bool TakesValue => Value != FlagValue.None;

    /// <summary>Whether the next word is this flag's value.</summary>
    public bool TakesNextWord => TakesValue && !OptionalValue;

    public bool Matches(string word) => word == Name || (Short is not null && word == Short);
}

/// <summary>A command and its flags, as completion offers them.</summary>
public sealed record CommandSpec(string Name, IReadOnlyList<FlagSpec> Flags)
{
    public FlagSpec? Find(string word) => Flags.FirstOrDefault(f => f.Matches(word));
}
