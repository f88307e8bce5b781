using System.Security.Cryptography.X509Certificates;

namespace IstioTls.Probing;

/// <summary>How the gateway's certificates are verified, as kubectl's flags say it: the system's
/// trust, the CAs of a file (<c>--certificate-authority</c>), or not at all
/// (<c>--insecure-skip-tls-verify</c>).</summary>
public abstract record TlsVerification
{
    public static TlsVerification System { get; } = new SystemTrust();

    public static TlsVerification Insecure { get; } = new NoVerification();

    private sealed record SystemTrust : TlsVerification;

    private sealed record NoVerification : TlsVerification;
}

/// <summary>Trust exactly these CA certificates.</summary>
public sealed record CustomAuthority(X509Certificate2Collection Certificates, string Source) : TlsVerification;

/// <summary>What every request of a probe carries, and how long each may take.</summary>
public sealed record ProbeOptions
{
    /// <summary>The path of every GET (<c>--path</c>).</summary>
    public string Path { get; init; } = "/";

    /// <summary>Extra request headers (<c>--header 'Name: value'</c>), for gateways that need one.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Headers { get; init; } = [];

    public TlsVerification Verification { get; init; } = TlsVerification.System;

    /// <summary>The longest a connection or one request may take (<c>--timeout</c>).</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Pairs probed at once: enough to be quick, few enough not to look like an attack.</summary>
    public int Concurrency { get; init; } = 4;
}
