namespace IstioTls.Tests.Support;

/// <summary>
/// Golden files: the expected output lives in tests/IstioTls.Tests/Golden. Run the tests with
/// UPDATE_GOLDEN=1 to rewrite them after an intended change, then review the diff. Every test
/// that calls <see cref="Match"/> carries the trait <see cref="Category"/>, so that one command
/// rewrites them all: <c>UPDATE_GOLDEN=1 dotnet test --filter Category=Golden</c>.
/// </summary>
public static class Golden
{
    public const string Category = "Golden";

    public static void Match(string name, string actual)
    {
        var path = Path.Combine(Repo.Golden, name);
        if (Environment.GetEnvironmentVariable("UPDATE_GOLDEN") == "1")
        {
            File.WriteAllText(path, actual);
            return;
        }
        Assert.True(File.Exists(path), $"golden file {path} is missing; run with UPDATE_GOLDEN=1 to create it");
        var expected = File.ReadAllText(path);
        if (expected != actual)
        {
            // Show the first differing line rather than two whole documents.
            var e = expected.Split('\n');
            var a = actual.Split('\n');
            var line = 0;
            while (line < e.Length && line < a.Length && e[line] == a[line])
            {
                line++;
            }
            Assert.Fail($"{name} differs at line {line + 1}:\n expected: {(line < e.Length ? e[line] : "<end>")}\n   actual: {(line < a.Length ? a[line] : "<end>")}\n(UPDATE_GOLDEN=1 rewrites the golden file)");
        }
    }
}
