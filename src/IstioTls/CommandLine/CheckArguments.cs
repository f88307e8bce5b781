using IstioTls.Analysis;
using IstioTls.Application;
using IstioTls.Printers;

namespace IstioTls.CommandLine;

/// <summary>What <c>check</c> was asked to do, read from its flags.</summary>
/// <param name="Strict">Any warning makes the exit code 2 (<c>--strict</c>).</param>
/// <param name="View">-o wide, name or jsonpath: printed instead of <paramref name="Format"/>.</param>
public sealed record CheckRequest(InputSelection Input, OutputFormat Format, Severity? FailOn, bool NoHeaders, bool InspectCertificates, CheckOptions Options, bool Strict = false, ReportView? View = null);

public static class CheckArguments
{
    public static CheckRequest Parse(GlobalFlags flags, string[]? filename, string output, string failOn, bool noHeaders, bool inspectCerts, string expiryWarning, bool strict = false)
    {
        var view = ReportOutputFlag.View(output);
        return Parse(flags, filename, view is null ? OutputFlag.ParseReport(output) : OutputFormat.Table, failOn, noHeaders, inspectCerts, expiryWarning, strict, view);
    }

    private static CheckRequest Parse(GlobalFlags flags, string[]? filename, OutputFormat format, string failOn, bool noHeaders, bool inspectCerts, string expiryWarning, bool strict, ReportView? view) => new(
        flags.Input(filename),
        format,
        FailOn.Parse(failOn),
        noHeaders,
        inspectCerts,
        new CheckOptions { Namespace = flags.ReportNamespace, ExpiryWarning = Durations.ExpiryWarning(expiryWarning) },
        strict,
        view);
}
