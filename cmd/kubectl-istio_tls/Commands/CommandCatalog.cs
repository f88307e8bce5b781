using IstioTls.CommandLine.Completion;

namespace IstioTls.Cli.Commands;

/// <summary>
/// The commands and flags that shell completion offers. ConsoleAppFramework generates its
/// parsers at compile time and keeps no list to ask at run time, so a new command or flag is
/// added here too; <c>CompletionTests</c> compares this list with every command's <c>--help</c>
/// and fails when they differ.
/// </summary>
internal static class CommandCatalog
{
    private static readonly FlagSpec Output = new("--output", "-o", FlagValue.Choice, ["table", "json", "yaml"]);

    public static IReadOnlyList<CommandSpec> Commands { get; } =
    [
        new("check",
        [
            new("--filename", "-f", FlagValue.File, List: true),
            Output,
            new("--fail-on", Value: FlagValue.Choice, Choices: ["none", "info", "warning", "error"]),
            new("--color", Value: FlagValue.Choice, Choices: ["auto", "always", "never"]),
            new("--no-headers"),
        ]),
        new("version", [Output]),
    ];
}
