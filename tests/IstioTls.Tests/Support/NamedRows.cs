namespace IstioTls.Tests.Support;

/// <summary>
/// Theory rows handed to xUnit by name only, for rows holding values it cannot serialize
/// (records, arrays of them, options objects).
/// </summary>
/// <remarks>
/// xUnit makes such a theory one test case with one result per row, and Stryker keeps no
/// coverage data for it ("Extra result for test …, so no coverage data for it" in its debug
/// log). A name is a string: each row is its own test case, with an ID that is the same in
/// every process. A column that runs the code under test is a <see cref="Func{TResult}"/>
/// (<see cref="Table{T1, T2}"/>): code run while xUnit lists the rows runs outside any test, and
/// Stryker then runs every mutant it reaches against the whole suite (about 30 s a mutant here,
/// instead of 3).
/// </remarks>
public static class NamedRows
{
    /// <summary>The rows' names, which must differ.</summary>
    public static TheoryData<string> Names<T>(IEnumerable<T> rows, Func<T, string> name)
    {
        var names = new TheoryData<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var row in rows)
        {
            var text = name(row);
            if (!seen.Add(text))
            {
                throw new InvalidOperationException($"two theory rows are named \"{text}\"");
            }
            names.Add(text);
        }
        return names;
    }

    /// <summary>The names of rows whose first column is their name.</summary>
    public static TheoryData<string> Names(IEnumerable<object?[]> rows) => Names(rows, r => (string)r[0]!);

    public static T Row<T>(IEnumerable<T> rows, Func<T, string> name, string wanted) =>
        rows.Single(r => name(r) == wanted);

    /// <summary>The columns after the name of the row named <paramref name="wanted"/>.</summary>
    public static (T1, T2, T3) Row<T1, T2, T3>(IEnumerable<object?[]> rows, string wanted)
    {
        var row = Row(rows, r => (string)r[0]!, wanted);
        return ((T1)row[1]!, (T2)row[2]!, (T3)row[3]!);
    }

    /// <summary>Rows named by their first column, written as a collection initializer; a column
    /// that runs the code under test is a <see cref="Func{TResult}"/>, so that listing the names
    /// runs nothing.</summary>
    public sealed class Table<T1, T2> : List<(string Name, T1 First, T2 Second)>
    {
        public TheoryData<string> Names => NamedRows.Names(this, r => r.Name);

        public (T1 First, T2 Second) this[string name]
        {
            get
            {
                var row = Row(this, r => r.Name, name);
                return (row.First, row.Second);
            }
        }

        public void Add(string name, T1 first, T2 second) => Add((name, first, second));
    }
}
