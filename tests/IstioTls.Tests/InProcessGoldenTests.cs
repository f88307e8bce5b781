using IstioTls.Analysis;
using IstioTls.Application;
using IstioTls.Printers;
using IstioTls.Sources;
using IstioTls.Tests.Support;

namespace IstioTls.Tests;

/// <summary>
/// The golden JSON documents of <see cref="GoldenOutputTests"/>, made in this process from the
/// same inputs. The CLI tests run the built command, whose copy of the library a mutation run
/// (Stryker) never changes; these run the library loaded here, so a mutant that changes a
/// message, a host, a certificate or a fix of a finding fails them. They compare with the files
/// <see cref="GoldenOutputTests"/> writes and never write them.
/// </summary>
public class InProcessGoldenTests
{
    [Fact]
    public void Check_on_the_examples_makes_the_golden_json()
    {
        var report = Check(["examples/"], new CheckOptions());

        Assert.Equal(File.ReadAllText(Path.Combine(Repo.Golden, "check-examples.json")), Json(report));
        Assert.True(report.Fails(Severity.Warning));
    }

    [Fact]
    public void Check_inspecting_certificates_makes_the_golden_json()
    {
        var report = Check([Path.Combine("tests", "IstioTls.Tests", "Cases", "certificates.yaml")], new CheckOptions { ExpiryWarning = TimeSpan.FromDays(36500) }, inspectCertificates: true);

        Assert.Equal(File.ReadAllText(Path.Combine(Repo.Golden, "check-certificates.json")), Json(report));
    }

    private static CheckReport Check(string[] paths, CheckOptions options, bool inspectCertificates = false)
    {
        var snapshot = ManifestFiles.Load(paths.Select(p => Path.Combine(Repo.Root, p)), inspectCertificates: inspectCertificates);
        return CheckRun.Check([new SnapshotRead(snapshot, null)], options);
    }

    // The CLI runs in the repository and names files relative to it.
    private static string Json(CheckReport report)
    {
        using var output = new StringWriter();
        DocumentPrinter.Print(ReportDocument.Build(report), OutputFormat.Json, output);
        return output.ToString().Replace(Repo.Root + Path.DirectorySeparatorChar, "", StringComparison.Ordinal);
    }
}
