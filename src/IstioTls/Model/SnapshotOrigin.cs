namespace IstioTls.Model;

/// <summary>Where a snapshot's objects came from: manifest files (and standard input), or one
/// kubeconfig context. The analysis words some answers differently for each: offline, a
/// Secret's namespace may be guessed; live, findings name their context.</summary>
public abstract record SnapshotOrigin
{
    public static readonly SnapshotOrigin Files = new FilesOrigin([]);
}

/// <summary>Manifests read with <c>-f</c>: the paths as the user gave them (<c>-</c> for standard
/// input), for hints that run again on the same input.</summary>
public sealed record FilesOrigin(IReadOnlyList<string> Paths) : SnapshotOrigin;

/// <summary>The cluster of one kubeconfig context.</summary>
public sealed record ContextOrigin(string Context) : SnapshotOrigin
{
    /// <summary>The other contexts asked for that name the same server, user and namespace: read
    /// once, through <see cref="Context"/>, and named with it.</summary>
    public IReadOnlyList<string> SameAs { get; init; } = [];
}
