using System.Reflection;
using Xunit.Sdk;

namespace IstioTls.Tests;

/// <summary>
/// Every row of a theory is a test case of its own, with an ID that is the same in every
/// process: what <c>Mutate</c> needs to run each mutant against only the tests that reach it.
/// </summary>
/// <remarks>
/// xUnit makes a theory whose rows it cannot serialize one test case with a result per row, and
/// Stryker keeps no coverage data for it (four theories did, until their rows went by name:
/// <see cref="Support.NamedRows"/>).
/// </remarks>
public class TheoryRowsTests
{
    [Fact]
    public void Every_theory_row_can_be_serialized()
    {
        var collapsed = typeof(TheoryRowsTests).Assembly.GetTypes()
            .Where(t => t.IsPublic || t.IsNestedPublic)
            .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly))
            .SelectMany(Collapsed)
            .ToList();

        Assert.True(collapsed.Count == 0, "theories xUnit runs as one test case (give their rows by name, NamedRows):\n" + string.Join("\n", collapsed));
    }

    [Fact]
    public void A_theory_with_rows_of_a_record_is_found()
    {
        var method = typeof(Sample).GetMethod(nameof(Sample.Takes_a_record))!;

        Assert.Equal(["TheoryRowsTests+Sample.Takes_a_record: Row { Name = a } is a Row"], Collapsed(method));
    }

    [Fact]
    public void A_theory_with_rows_by_name_is_not()
    {
        Assert.Empty(Collapsed(typeof(Sample).GetMethod(nameof(Sample.Takes_a_name))!));
    }

    /// <summary>The theory's first value xUnit cannot serialize, when it has two rows or more
    /// (one row is one test case either way).</summary>
    private static IEnumerable<string> Collapsed(MethodInfo method)
    {
        if (method.GetCustomAttribute<TheoryAttribute>() is null)
        {
            yield break;
        }
        foreach (var data in method.GetCustomAttributes<DataAttribute>())
        {
            var rows = data.GetData(method).ToList();
            var value = rows.Count < 2 ? null : rows.SelectMany(r => r).FirstOrDefault(v => v is not null && !SerializationHelper.IsSerializable(v));
            if (value is not null)
            {
                yield return $"{method.DeclaringType!.FullName![(method.DeclaringType.Namespace!.Length + 1)..]}.{method.Name}: {value} is a {value.GetType().Name}";
            }
        }
    }

    // Not public, so that xUnit does not run it: the checks above read it.
#pragma warning disable xUnit1000
    private sealed class Sample
#pragma warning restore xUnit1000
    {
        public sealed record Row(string Name);

        public static TheoryData<Row> Records => [new Row("a"), new Row("b")];

        public static TheoryData<string> Names => ["a", "b"];

        [Theory]
        [MemberData(nameof(Records))]
        public void Takes_a_record(Row row) => Assert.NotNull(row);

        [Theory]
        [MemberData(nameof(Names))]
        public void Takes_a_name(string name) => Assert.NotNull(name);
    }
}
