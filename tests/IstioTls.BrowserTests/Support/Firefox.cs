namespace IstioTls.BrowserTests.Support;

/// <summary>
/// Debian's Firefox ESR, headless, one process per page (--screenshot returns once the page has
/// loaded), with a fresh profile whose NSS database trusts the test CA. It must resolve the test
/// hosts through the system resolver: its network.dns.forceResolve pref opens a new connection
/// per name and hides connection reuse. So the process gets a private /etc/hosts: a bind mount in
/// a mount namespace of its own (unshare, as root), which leaves the machine's file alone.
/// </summary>
public sealed class Firefox : IBrowser, IDisposable
{
    private static readonly string[] Preferences =
    [
        // No DNS over HTTPS: the hosts file is the resolver.
        "network.trr.mode\", 5",
        "network.captive-portal-service.enabled\", false",
        "network.connectivity-service.enabled\", false",
        "browser.shell.checkDefaultBrowser\", false",
        "browser.safebrowsing.malware.enabled\", false",
        "browser.safebrowsing.phishing.enabled\", false",
        "datareporting.policy.dataSubmissionEnabled\", false",
        "toolkit.telemetry.reportingpolicy.firstRun\", false",
        "app.update.enabled\", false",
        "extensions.update.enabled\", false",
        "media.gmp-manager.updateEnabled\", false",
        "browser.startup.homepage_override.mstone\", \"ignore\"",
    ];

    private readonly TempDirectory root = new("firefox");
    private readonly string template;

    public Firefox()
    {
        template = root.Directory("template");
        NssDatabase.Create(template);
        File.WriteAllLines(Path.Combine(template, "user.js"), Preferences.Select(p => $"user_pref(\"{p});"));
    }

    public string Name => "Firefox";

    public PageLoad Load(string url, IReadOnlyCollection<string> hosts)
    {
        var run = root.Directory($"run-{Guid.NewGuid():N}");
        var profile = Directory.CreateDirectory(Path.Combine(run, "profile")).FullName;
        foreach (var file in Directory.GetFiles(template))
        {
            File.Copy(file, Path.Combine(profile, Path.GetFileName(file)));
        }
        var hostsFile = Path.Combine(run, "hosts");
        File.WriteAllText(hostsFile, $"127.0.0.1 localhost\n127.0.0.1 {string.Join(' ', hosts)}\n");
        var result = BoundedProcess.Run("unshare",
        [
            "--mount", "sh", "-c", "mount --bind \"$0\" /etc/hosts && exec firefox-esr --headless --no-remote -profile \"$1\" --screenshot \"$2\" \"$3\"",
            hostsFile, profile, Path.Combine(run, "page.png"), url,
        ], TimeSpan.FromSeconds(40), new Dictionary<string, string> { ["HOME"] = run });
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"firefox-esr exit {result.ExitCode}: {result.Stderr}");
        }
        return new PageLoad(null);
    }

    public void Dispose() => root.Dispose();
}
