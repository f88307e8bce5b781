namespace IstioTls.Model;

/// <summary>Where a snapshot's objects came from: manifest files (and standard input), or one
/// kubeconfig context. The analysis words some answers differently for each: offline, a
/// Secret's namespace may be guessed; live, findings name their context.</summary>
public abstract record SnapshotOrigin
{
    public static readonly SnapshotOrigin Files = new FilesOrigin();
}

/// <summary>Manifests read with <c>-f</c>.</summary>
public sealed record FilesOrigin : SnapshotOrigin;

/// <summary>The cluster of one kubeconfig context.</summary>
public sealed record ContextOrigin(string Context) : SnapshotOrigin;
