namespace IstioTls.BrowserTests.Support;

/// <summary>
/// Debian's Chromium, headless, one process per page (--dump-dom prints the DOM once the page has
/// loaded, images included). It trusts the test CA through $HOME/.pki/nssdb and resolves the test
/// hosts with --host-resolver-rules (its connection pooling keys on the resolved address, as with
/// DNS); every other name fails to resolve, so nothing leaves the machine.
/// </summary>
public sealed class Chromium : IBrowser, IDisposable
{
    private readonly TempDirectory home = new("chromium-home");

    public Chromium()
    {
        NssDatabase.Create(Path.Combine(home.Path, ".pki", "nssdb"));
    }

    public string Name => "Chromium";

    public PageLoad Load(string url, IReadOnlyCollection<string> hosts)
    {
        var profile = Path.Combine(home.Path, $"profile-{Guid.NewGuid():N}");
        var rules = string.Join(", ", hosts.Select(h => $"MAP {h} 127.0.0.1").Append("MAP * ~NOTFOUND"));
        var result = BoundedProcess.Run("chromium",
        [
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync",
            "--disable-extensions", "--disable-default-apps", $"--user-data-dir={profile}",
            $"--host-resolver-rules={rules}", "--dump-dom", url,
        ], TimeSpan.FromSeconds(30), new Dictionary<string, string> { ["HOME"] = home.Path });
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"chromium exit {result.ExitCode}: {result.Stderr}");
        }
        return new PageLoad(result.Stdout);
    }

    public void Dispose() => home.Dispose();
}
