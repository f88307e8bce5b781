using Spectre.Console;

namespace IstioTls.Printers;

/// <summary>The writer of the human printers. Whether to colour is the caller's decision
/// (<see cref="ColorModes.UseColor"/>), passed on as it is.</summary>
internal static class Ansi
{
    public static AnsiWriter Writer(TextWriter output, bool color) =>
        new(output, AnsiCapabilities.Create(output, new AnsiWriterSettings
        {
            Ansi = color ? AnsiSupport.Yes : AnsiSupport.No,
            ColorSystem = color ? ColorSystemSupport.Standard : ColorSystemSupport.NoColors,
        }));
}
