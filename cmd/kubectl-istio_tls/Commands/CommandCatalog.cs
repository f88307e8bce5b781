using IstioTls.CommandLine.Completion;

namespace IstioTls.Cli.Commands;

/// <summary>
/// The commands and flags that shell completion offers. ConsoleAppFramework generates its
/// parsers at compile time and keeps no list to ask at run time, so a new command or flag is
/// added here too; <c>CompletionProcessTests</c> compares this list with every command's
/// <c>--help</c> and fails when they differ.
/// </summary>
internal static class CommandCatalog
{
    private static readonly FlagSpec Output = new("--output", "-o", FlagValue.Choice, ["table", "json", "yaml"]);

    // Bare --dry-run is client, as in kubectl: the value comes only after "=".
    private static readonly FlagSpec DryRun = new("--dry-run", Value: FlagValue.Choice, Choices: ["none", "client", "server"], OptionalValue: true);

    /// <summary>The global options of Program.cs, which every command takes.</summary>
    public static IReadOnlyList<FlagSpec> GlobalFlags { get; } =
    [
        new("--kubeconfig", Value: FlagValue.File),
        new("--context", Value: FlagValue.Context),
        new("--cluster", Value: FlagValue.Cluster),
        new("--user", Value: FlagValue.User),
        new("--namespace", "-n", FlagValue.Text),
        new("--all-namespaces", "-A"),
        new("--request-timeout", Value: FlagValue.Text),
        new("--as", Value: FlagValue.Text),
        new("--contexts", Value: FlagValue.Context, List: true),
        new("--all-contexts"),
        new("--color", Value: FlagValue.Choice, Choices: ["auto", "always", "never"]),
        new("--server", "-s", FlagValue.Text),
        new("--token", Value: FlagValue.Text),
        new("--as-group", Value: FlagValue.Text, List: true),
        new("--as-uid", Value: FlagValue.Text),
        new("--certificate-authority", Value: FlagValue.File),
        new("--client-certificate", Value: FlagValue.File),
        new("--client-key", Value: FlagValue.File),
        new("--insecure-skip-tls-verify"),
        new("--tls-server-name", Value: FlagValue.Text),
        new("--cache-dir", Value: FlagValue.File),
        new("--v", "-v", FlagValue.Text),
    ];

    public static IReadOnlyList<CommandSpec> Commands { get; } =
    [
        new("check",
        [
            new("--filename", "-f", FlagValue.File, List: true),
            new("--output", "-o", FlagValue.Choice, ["table", "wide", "name", "json", "yaml", "sarif", "github"]),
            new("--fail-on", Value: FlagValue.Choice, Choices: ["none", "info", "warning", "error"]),
            new("--no-headers"),
            new("--inspect-certs"),
            new("--expiry-warning", Value: FlagValue.Text),
            new("--strict"),
        ]),
        new("merge",
        [
            DryRun,
            new("--filename", "-f", FlagValue.File, List: true),
            new("--output", "-o", FlagValue.Choice, ["table", "json", "yaml", "manifests"]),
            new("--into", Value: FlagValue.Text),
            new("--wildcard"),
            new("--yes"),
            new("--backup-dir", Value: FlagValue.File),
            new("--no-headers"),
            new("--diff"),
            new("--write"),
        ]),
        new("apply-421",
        [
            new("--filename", "-f", FlagValue.File, List: true),
            DryRun,
            new("--output", "-o", FlagValue.Choice, ["yaml", "json"]),
            new("--mode", Value: FlagValue.Choice, Choices: ["strict", "precise"]),
            new("--all"),
            new("--selector", "-l", FlagValue.Text),
            new("--target-port", Value: FlagValue.Text, List: true),
            new("--delete"),
            new("--yes"),
        ]),
        new("probe",
        [
            new("--address", Value: FlagValue.Text),
            new("--host", Value: FlagValue.Text, List: true),
            new("--sample-host", Value: FlagValue.Text, List: true),
            new("--path", Value: FlagValue.Text),
            new("--header", Value: FlagValue.Text, List: true),
            new("--timeout", Value: FlagValue.Text),
            new("--port-forward"),
            Output,
            new("--no-headers"),
        ]),
        new("version", [Output]),
    ];

    /// <summary>The command names, for the unknown-command check.</summary>
    public static IReadOnlyList<string> Names => [.. Commands.Select(c => c.Name)];

    /// <summary>Flags that take no value ("--dry-run"): they also take =true and =false.</summary>
    public static IReadOnlyList<string> Switches =>
        [.. GlobalFlags.Concat(Commands.SelectMany(c => c.Flags)).Where(f => !f.TakesValue).Select(f => f.Name).Distinct(StringComparer.Ordinal)];

    /// <summary>Flags that may be repeated, as "-f|--filename": their values are joined with commas.</summary>
    public static IReadOnlyList<string> ListFlags =>
        [.. GlobalFlags.Concat(Commands.SelectMany(c => c.Flags)).Where(f => f.List).Select(f => f.Short is null ? f.Name : $"{f.Short}|{f.Name}").Distinct(StringComparer.Ordinal)];
}
