namespace IstioTls.Probing;

/// <summary>A connection or a request that failed: one line, which becomes the cause of an
/// <see cref="ProbeVerdict.Unreachable"/> pair.</summary>
public sealed class ProbeException(string message) : Exception(message);
