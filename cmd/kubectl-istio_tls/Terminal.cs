using System.Text;
using IstioTls.CommandLine;
using IstioTls.Printers;

namespace IstioTls.Cli;

/// <summary>Standard output for documents (buffered: large JSON is written fast) and stderr for
/// warnings, with the colour decision made once.</summary>
internal static class Terminal
{
    public static StreamWriter OpenStdout() =>
        new(Stream(1, FileAccess.Write), new UTF8Encoding(false), 1 << 16) { AutoFlush = false, NewLine = "\n" };

    /// <summary>
    /// Routes Console.Out and Console.Error around .NET's terminal layer. On Unix its first write to
    /// a terminal switches the keypad to application mode (<c>ESC[?1h ESC=</c>) and never switches
    /// it back, which leaves the user's shell with changed keys; a plain stream on the descriptor
    /// writes the bytes and nothing else (<see cref="DescriptorStream"/>).
    /// </summary>
    public static void UsePlainStreams()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }
        Console.SetOut(new StreamWriter(Stream(1, FileAccess.Write), new UTF8Encoding(false)) { AutoFlush = true, NewLine = "\n" });
        Console.SetError(new StreamWriter(Stream(2, FileAccess.Write), new UTF8Encoding(false)) { AutoFlush = true, NewLine = "\n" });
    }

    private static Stream Stream(int descriptor, FileAccess access) =>
        OperatingSystem.IsWindows()
            ? descriptor switch { 0 => Console.OpenStandardInput(), 1 => Console.OpenStandardOutput(), _ => Console.OpenStandardError() }
            : new DescriptorStream(descriptor, access);

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
        // Read the descriptor, not Console.In, for the reason given at UsePlainStreams.
        using var input = new StreamReader(Stream(0, FileAccess.Read), leaveOpen: false);
        var answer = input.ReadLine()?.Trim();
        return string.Equals(answer, "y", StringComparison.OrdinalIgnoreCase) || string.Equals(answer, "yes", StringComparison.OrdinalIgnoreCase);
    }
}
