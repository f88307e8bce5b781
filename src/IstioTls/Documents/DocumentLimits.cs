namespace IstioTls.Documents;

/// <summary>
/// Bounds on what one input may hold, so that a hostile or broken file is an error naming its
/// place instead of a stack overflow or an out-of-memory kill. The README's "Limits" section
/// gives the same values; the tests check that each is an error and that the value is allowed.
/// </summary>
public static class DocumentLimits
{
    /// <summary>Collections inside collections. Readers, writers and the JSON output recurse once
    /// per level, and a thread's stack holds some tens of thousands of frames; real manifests
    /// stay under 20.</summary>
    public const int MaxDepth = 1000;

    /// <summary>Documents in one file: a GitOps export of every object of a large cluster is in
    /// the tens of thousands.</summary>
    public const int MaxDocuments = 100_000;

    /// <summary>Characters in a mapping key: YAML's own bound on an implicit key, which go-yaml
    /// (kubectl) enforces too.</summary>
    public const int MaxKeyLength = 1024;

    /// <summary>Characters in one scalar: the API server takes no request over 1.5 MiB, so no
    /// object of a cluster holds a longer value.</summary>
    public const int MaxScalarLength = 3 * 512 * 1024;

    /// <summary>Characters that alias expansion may copy in one document, besides the count of
    /// nodes (<see cref="YamlDocumentReader.MaxAliasNodes"/>): without it, a long string
    /// aliased many times grows the output, not the tree, a million-fold.</summary>
    public const int MaxAliasCharacters = 16 * 1024 * 1024;
}
