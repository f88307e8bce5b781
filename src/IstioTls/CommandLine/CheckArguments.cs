using IstioTls.Analysis;
using IstioTls.Application;
using IstioTls.Printers;

namespace IstioTls.CommandLine;

/// <summary>What <c>check</c> was asked to do, read from its flags.</summary>
/// <param name="Strict">Any warning makes the exit code 2 (<c>--strict</c>).</param>
public sealed record CheckRequest(InputSelection Input, OutputFormat Format, Severity? FailOn, bool NoHeaders, bool InspectCertificates, CheckOptions Options, bool Strict = false);

public static class CheckArguments
{
    public static CheckRequest Parse(GlobalFlags flags, string[]? filename, string output, string failOn, bool noHeaders, bool inspectCerts, string expiryWarning, bool strict = false) => new(
        flags.Input(filename),
        OutputFlag.ParseReport(output),
        FailOn.Parse(failOn),
        noHeaders,
        inspectCerts,
        new CheckOptions { Namespace = flags.ReportNamespace, ExpiryWarning = Durations.ExpiryWarning(expiryWarning) },
        strict);
}
