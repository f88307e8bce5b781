using ConsoleAppFramework;
using IstioTls.Application;
using IstioTls.CommandLine;

namespace IstioTls.Cli;

/// <summary>
/// What every command shares around ConsoleAppFramework: kubectl-style arguments, usage text
/// that says <c>kubectl istio-tls</c> when run as a plugin, and exit code 2 (not 1) for a
/// command line the framework cannot parse, so that 1 always means "findings".
/// </summary>
internal static class PluginHost
{
    public static int Run(ConsoleApp.ConsoleAppBuilder app, string[] args)
    {
        var commands = Commands.CommandCatalog.Names;
        if (args is [Commands.CompleteCommand.Name, .. var words])
        {
            return Commands.CompleteCommand.Run(words);
        }
        ConsoleApp.Version = BuildInfo.Version;
        var usageError = false;
        var name = CommandName(Environment.GetCommandLineArgs().FirstOrDefault());
        ConsoleApp.Log = message => Console.Out.WriteLine(HelpText.Rewrite(message.Replace("Usage: ", $"Usage: {name} ", StringComparison.Ordinal)));
        ConsoleApp.LogError = message =>
        {
            usageError = true;
            Console.Error.WriteLine($"error: {CommandLineHints.ForFrameworkError(FirstLine(message), Path.Exists)}");
        };
        Environment.ExitCode = ExitCodes.Ok;
        if (args is ["help", .. var topic])
        {
            // kubectl's "help" and "help COMMAND".
            args = topic is [var command, ..] ? [command, "--help"] : ["--help"];
        }
        args = KubectlArgs.CommandFirst(args, flag => Commands.CommandCatalog.GlobalFlags.Any(f => f.Matches(flag) && f.TakesNextWord));
        if (args.Length > 0 && !args[0].StartsWith('-') && !commands.Contains(args[0]))
        {
            // ConsoleAppFramework shows the help for an unknown command and exits 0; a typo in
            // a CI script must fail instead.
            Console.Error.WriteLine($"error: {CommandLineHints.UnknownCommand(args[0], name, commands)}");
            return ExitCodes.Error;
        }
        string[] normalized;
        try
        {
            normalized = KubectlArgs.Normalize(args, Commands.CommandCatalog.ListFlags, Commands.CommandCatalog.Switches);
        }
        catch (UsageException e)
        {
            Console.Error.WriteLine($"error: {e.Message}");
            return ExitCodes.Error;
        }
        app.Run(normalized);
        if (usageError && Environment.ExitCode == 1)
        {
            Environment.ExitCode = ExitCodes.Error;
        }
        return Environment.ExitCode;
    }

    /// <summary>kubectl runs <c>kubectl-istio_tls</c> for <c>kubectl istio-tls</c>; say it the way
    /// the user typed it.</summary>
    public static string CommandName(string? argv0)
    {
        var file = Path.GetFileNameWithoutExtension(argv0 ?? "");
        return file.StartsWith("kubectl-", StringComparison.Ordinal)
            ? "kubectl " + file["kubectl-".Length..].Replace('_', '-')
            : file.Length > 0 ? file : "kubectl istio-tls";
    }

    private static string FirstLine(string message)
    {
        var newline = message.IndexOf('\n', StringComparison.Ordinal);
        return (newline < 0 ? message : message[..newline]).TrimEnd();
    }
}
