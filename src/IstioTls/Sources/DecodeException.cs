namespace IstioTls.Sources;

/// <summary>An object of a known kind with a field that cannot be read; the object is skipped
/// with a warning and every other object is still analysed.</summary>
public sealed class DecodeException(string path, string problem) : Exception($"{path}: {problem}")
{
    public string Path { get; } = path;
}
