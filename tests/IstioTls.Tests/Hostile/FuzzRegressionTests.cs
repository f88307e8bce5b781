using IstioTls.Fuzz;
using IstioTls.Tests.Support;

namespace IstioTls.Tests.Hostile;

/// <summary>
/// Replays the fuzzer's findings (fuzz/corpus/regressions: each once an unhandled exception)
/// and its seeds through the same pipeline the fuzz target runs, bytes to JSON output: each
/// must be read or refused with the documented input error, nothing else.
/// </summary>
public class FuzzRegressionTests
{
    public static TheoryData<string> Inputs()
    {
        var data = new TheoryData<string>();
        foreach (var directory in (string[])["regressions", "seeds"])
        {
            foreach (var file in Directory.EnumerateFiles(Path.Combine(Repo.Root, "fuzz", "corpus", directory)).Order(StringComparer.Ordinal))
            {
                data.Add(Path.GetRelativePath(Repo.Root, file));
            }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Inputs))]
    public void Each_input_is_read_or_refused_with_an_input_error(string file)
    {
        // LoaderPipeline.Run lets every exception but the input errors escape.
        var error = LoaderPipeline.Run(File.ReadAllBytes(Path.Combine(Repo.Root, file)));

        Assert.True(error is null || error.StartsWith("<stdin>", StringComparison.Ordinal), error);
    }

    [Fact]
    public void The_regression_corpus_is_not_empty() =>
        Assert.NotEmpty(Directory.EnumerateFiles(Path.Combine(Repo.Root, "fuzz", "corpus", "regressions")));
}
