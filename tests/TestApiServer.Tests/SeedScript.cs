namespace IstioTls.TestApiServer.Tests;

/// <summary>The seed's script, unchanged, as the repository keeps it: examples/seed/check.sh.</summary>
public static class SeedScript
{
    public static string Path { get; } = Find();

    static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = System.IO.Path.Combine(dir.FullName, "examples", "seed", "check.sh");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }
        throw new FileNotFoundException("examples/seed/check.sh not found above " + AppContext.BaseDirectory);
    }
}
