namespace IstioTls.Tests.Support;

/// <summary>Paths in the repository the tests run from.</summary>
public static class Repo
{
    public static string Root { get; } = FindRoot();

    public static string Examples => Path.Combine(Root, "examples");

    public static string Golden => Path.Combine(Root, "tests", "IstioTls.Tests", "Golden");

    public static string Cases => Path.Combine(Root, "tests", "IstioTls.Tests", "Cases");

    /// <summary>The CLI's apphost built next to this test assembly's configuration.</summary>
    public static string Cli
    {
        get
        {
            var configuration = typeof(Repo).Assembly.GetCustomAttributes(typeof(System.Reflection.AssemblyConfigurationAttribute), false)
                .OfType<System.Reflection.AssemblyConfigurationAttribute>().Single().Configuration;
            var path = Path.Combine(Root, "cmd", "kubectl-istio_tls", "bin", configuration, "net10.0", "kubectl-istio_tls");
            return File.Exists(path) ? path : throw new FileNotFoundException($"build the CLI first: {path}");
        }
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "istio-tls.slnx")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException("repository root (istio-tls.slnx) not found");
    }
}
