using System.Text;
using IstioTls.CommandLine;
using IstioTls.Printers;

namespace IstioTls.Cli;

/// <summary>Standard output for documents (buffered: large JSON is written fast) and stderr for
/// warnings, with the colour decision made once.</summary>
internal static class Terminal
{
    public static StreamWriter OpenStdout() =>
        new(Console.OpenStandardOutput(), new UTF8Encoding(false), 1 << 16) { AutoFlush = false, NewLine = "\n" };

    public static bool UseColor(ColorMode mode) =>
        ColorModes.UseColor(mode, !Console.IsOutputRedirected, Environment.GetEnvironmentVariable);

    public static void Errors(IEnumerable<string> errors)
    {
        foreach (var error in errors)
        {
            Console.Error.WriteLine($"error: {error}");
        }
    }

    public static void Warn(IEnumerable<string> warnings)
    {
        foreach (var warning in warnings)
        {
            Console.Error.WriteLine($"warning: {warning}");
        }
    }

    public static void Note(IEnumerable<string> notes)
    {
        foreach (var note in notes)
        {
            Console.Error.WriteLine($"note: {note}");
        }
    }

    /// <summary>Asks on stderr and reads the answer from stdin; refuses when there is nobody to
    /// ask, so that a script never changes a cluster without <c>--yes</c>.</summary>
    public static bool Confirm(string question)
    {
        if (Console.IsInputRedirected)
        {
            throw new UsageException("standard input is not a terminal, so nobody can confirm the writes: pass --yes to make them");
        }
        Console.Error.Write($"{question} [y/N] ");
        var answer = Console.ReadLine()?.Trim();
        return string.Equals(answer, "y", StringComparison.OrdinalIgnoreCase) || string.Equals(answer, "yes", StringComparison.OrdinalIgnoreCase);
    }
}
