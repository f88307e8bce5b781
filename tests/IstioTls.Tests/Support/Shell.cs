namespace IstioTls.Tests.Support;

/// <summary>Runs the repository's release scripts as a user or the release workflow would.</summary>
public static class Shell
{
    public static CliResult Script(string script, string[] args, TimeSpan? timeout = null) =>
        Cli.Run([Path.Combine(Repo.Root, "scripts", "release", script), .. args], executable: "bash", timeout: timeout);
}
