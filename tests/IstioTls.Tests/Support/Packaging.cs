namespace IstioTls.Tests.Support;

/// <summary>
/// Tests that build the release (a native AOT publish and its archive: minutes) carry the trait
/// <see cref="Category"/>. <c>dotnet test</c> and the Cake target Test run them; the mutation run
/// (stryker-config.json, Cake target Mutate) leaves them out with <c>Category!=Packaging</c>:
/// the published binary they run is not the mutated library, so they cannot kill a mutant, and
/// the publish would add minutes to every Stryker run.
/// </summary>
public static class Packaging
{
    public const string Category = "Packaging";
}
