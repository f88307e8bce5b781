using System.Text;
using IstioTls.Fuzz;

namespace IstioTls.Tests.Hostile;

/// <summary>
/// Inputs of about a megabyte built to exhaust something (aliases of a long string, a flood of
/// documents, nesting at the limit, one huge scalar, wide mappings and lists): each is read, or
/// refused at the limit it hits with its place, through the whole pipeline the fuzzer runs.
/// (Measured with the native binary: under 1 s and 100 MB each.)
/// </summary>
public class LargeInputTests
{
    // Read whole, past no limit: the input holds no Kubernetes object, which is its only error.
    private const string NoObjects = "<stdin>: no objects (a Kubernetes object has apiVersion and kind)";

    public static TheoryData<string, string?> Inputs => new()
    {
        { "aliases of a 100 KB string", "<stdin>:2:673: YAML aliases expand to more than 100000 nodes or 16777216 characters" },
        { "260,000 empty documents", "<stdin>:100001: more than 100000 documents in one file" },
        { "500 mappings nested 1,000 deep", NoObjects },
        { "a 1 MB scalar", NoObjects },
        { "aliases doubling 30,000 times", "YAML aliases expand to more than 100000 nodes" },
        { "a JSON object of 90,000 keys", NoObjects },
        { "a list of 120,000 flow mappings", NoObjects },
    };

    [Theory]
    [MemberData(nameof(Inputs))]
    public void Is_read_or_refused_at_its_limit(string input, string? expected)
    {
        var error = LoaderPipeline.Run(Encoding.UTF8.GetBytes(Build(input)));

        if (expected is null)
        {
            Assert.Null(error);
        }
        else
        {
            Assert.NotNull(error);
            Assert.Contains(expected, error, StringComparison.Ordinal);
        }
    }

    private static string Build(string input) => input switch
    {
        "aliases of a 100 KB string" => $"a: &a \"{new string('x', 100_000)}\"\nb: [{string.Join(", ", Enumerable.Repeat("*a", 220_000))}]\n",
        "260,000 empty documents" => string.Concat(Enumerable.Repeat("---\n", 260_000)),
        "500 mappings nested 1,000 deep" => string.Concat(Enumerable.Range(0, 500).Select(i => $"a{i}: {new string('[', 999)}{new string(']', 999)}\n")),
        "a 1 MB scalar" => $"a: {new string('y', 1_000_000)}\n",
        "aliases doubling 30,000 times" => "a: &a [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]\nk0: &k0 [*a, *a]\n"
            + string.Concat(Enumerable.Range(1, 29_999).Select(i => $"k{i}: &k{i} [*k{i - 1}, *k{i - 1}]\n")),
        "a JSON object of 90,000 keys" => "{" + string.Join(",", Enumerable.Range(0, 90_000).Select(i => $"\"k{i}\": {i}")) + "}",
        "a list of 120,000 flow mappings" => string.Concat(Enumerable.Range(0, 120_000).Select(i => $"- {{a: {i}}}\n")),
        _ => throw new ArgumentOutOfRangeException(nameof(input)),
    };
}
