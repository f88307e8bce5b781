namespace IstioTls.TestApiServer.Tests;

/// <summary>The unchanged seed script lives in shared/seed/ beside the repository (a clone or a worktree).</summary>
public static class SeedScript
{
    public static string Path { get; } = Find();

    static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = System.IO.Path.Combine(dir.FullName, "shared", "seed", "check.sh");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }
        return "/work/shared/seed/check.sh";
    }
}
