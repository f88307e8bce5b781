namespace IstioTls.Printers;

/// <summary><c>--color auto|always|never</c>, as stern and kubectl-tree offer it.</summary>
public enum ColorMode
{
    Auto,
    Always,
    Never,
}

public static class ColorModes
{
    public static bool TryParse(string? text, out ColorMode mode)
    {
        switch (text?.ToLowerInvariant())
        {
            case null or "" or "auto":
                mode = ColorMode.Auto;
                return true;
            case "always":
                mode = ColorMode.Always;
                return true;
            case "never":
                mode = ColorMode.Never;
                return true;
            default:
                mode = default;
                return false;
        }
    }

    /// <summary>Colour in <c>auto</c> mode only on a terminal, and never when NO_COLOR is set and
    /// not empty (no-color.org) or TERM is <c>dumb</c>.</summary>
    public static bool UseColor(ColorMode mode, bool outputIsTerminal, Func<string, string?> environment) => mode switch
    {
        ColorMode.Always => true,
        ColorMode.Never => false,
        _ => outputIsTerminal
             && string.IsNullOrEmpty(environment("NO_COLOR"))
             && !string.Equals(environment("TERM"), "dumb", StringComparison.Ordinal),
    };
}
