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

    /// <summary>Manifests: files ending in .yaml, .yml or .json, and directories.</summary>
    Manifests,

    /// <summary>A directory: the shell completes directory names.</summary>
    Directory,

    /// <summary>A context name from the kubeconfig; a comma-separated list when <see cref="FlagSpec.List"/>.</summary>
    Context,

    /// <summary>A cluster name from the kubeconfig.</summary>
    Cluster,

    /// <summary>A user name from the kubeconfig.</summary>
    User,

    /// <summary>A namespace of the cluster.</summary>
    Namespace,

    /// <summary>An Istio Gateway of the cluster, as NAMESPACE/NAME.</summary>
    Gateway,
}

/// <summary>A flag of a command as completion sees it: its names, its help line, what its value
/// is, and whether it may be given again (<c>-f a -f b</c>). <paramref name="OptionalValue"/>: the
/// value comes only as <c>--flag=value</c>, and bare <c>--flag</c> stands alone (kubectl's
/// <c>--dry-run</c>).</summary>
public sealed record FlagSpec(string Name, string? Short = null, FlagValue Value = FlagValue.None, IReadOnlyList<Candidate>? Choices = null, bool List = false, bool OptionalValue = false, string? Description = null)
{
    public bool TakesValue => Value != FlagValue.None;

    /// <summary>Whether the next word is this flag's value.</summary>
    public bool TakesNextWord => TakesValue && !OptionalValue;

    public bool Matches(string word) => word == Name || (Short is not null && word == Short);
}

/// <summary>A command, its short description, its flags, and the values of its one argument if
/// it takes one (<c>completion bash</c>), as completion offers them.</summary>
public sealed record CommandSpec(string Name, IReadOnlyList<FlagSpec> Flags, string? Description = null, IReadOnlyList<Candidate>? Arguments = null)
{
    public FlagSpec? Find(string word) => Flags.FirstOrDefault(f => f.Matches(word));
}
