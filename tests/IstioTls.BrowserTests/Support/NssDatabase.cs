namespace IstioTls.BrowserTests.Support;

/// <summary>
/// An NSS certificate database (what Chromium reads from $HOME/.pki/nssdb and Firefox from its
/// profile) that trusts the test CA for TLS servers, made with certutil.
/// </summary>
public static class NssDatabase
{
    public static void Create(string directory)
    {
        Directory.CreateDirectory(directory);
        var ca = Path.Combine(directory, "test-ca.pem");
        File.WriteAllText(ca, TestCa.Pem);
        Certutil(["-N", "-d", $"sql:{directory}", "--empty-password"]);
        Certutil(["-A", "-d", $"sql:{directory}", "-n", "istio-tls test CA", "-t", "C,,", "-i", ca]);
    }

    private static void Certutil(string[] arguments)
    {
        var result = BoundedProcess.Run("certutil", arguments, TimeSpan.FromSeconds(20));
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"certutil {string.Join(' ', arguments)}: exit {result.ExitCode}: {result.Stderr}");
        }
    }
}
