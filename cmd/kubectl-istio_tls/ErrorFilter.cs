using ConsoleAppFramework;
using IstioTls.Application;
using IstioTls.CommandLine;
using IstioTls.Documents;
using IstioTls.Plans;
using IstioTls.Sources;

namespace IstioTls.Cli;

/// <summary>
/// Turns every failure into one line on stderr and exit code 2: never a stack trace, unless
/// <c>ISTIO_TLS_DEBUG</c> is set to investigate a bug.
/// </summary>
internal sealed class ErrorFilter(ConsoleAppFilter next) : ConsoleAppFilter(next)
{
    public override async Task InvokeAsync(ConsoleAppContext context, CancellationToken cancellationToken)
    {
        try
        {
            await Next.InvokeAsync(context, cancellationToken);
        }
        catch (Exception e) when (e is UsageException or PlanException or InputException or DocumentException or IstioTls.Cluster.ClusterException or ArgumentParseFailedException or System.ComponentModel.DataAnnotations.ValidationException)
        {
            Fail(e is ArgumentParseFailedException ? CommandLineHints.ForFrameworkError(e.Message, Path.Exists) : e.Message);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            Fail("interrupted");
        }
        catch (Exception e)
        {
            Fail($"unexpected {e.GetType().Name}: {e.Message}");
            if (!string.IsNullOrEmpty(Environment.GetEnvironmentVariable("ISTIO_TLS_DEBUG")))
            {
                Console.Error.WriteLine(e.ToString());
            }
        }
    }

    private static void Fail(string message)
    {
        Console.Error.WriteLine($"error: {message}");
        Environment.ExitCode = ExitCodes.Error;
    }
}
