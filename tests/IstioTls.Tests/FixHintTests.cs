using IstioTls.Analysis;
using IstioTls.Model;
using IstioTls.Sources;
using static IstioTls.Tests.Support.Manifests;

namespace IstioTls.Tests;

/// <summary>Fix hints run on the input the report came from: the same -f paths after a check of
/// files (with --dry-run, since files are not a cluster), none live.</summary>
public sealed class FixHintTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("istio-tls-hints").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static readonly string Shared = Gateway("istio-system/a", "istio=ingressgateway", [Simple(443, "a.example.com", "shared")], created: "2024-01-01T00:00:00Z")
        + Gateway("istio-system/b", "istio=ingressgateway", [Simple(443, "b.example.com", "shared")], created: "2024-02-01T00:00:00Z");

    [Fact]
    public void After_files_the_hints_name_the_same_paths_quoted_for_the_shell()
    {
        var spaced = Path.Combine(_dir, "my gateways.yaml");
        var plain = Path.Combine(_dir, "more.yaml");
        File.WriteAllText(spaced, Shared);
        File.WriteAllText(plain, Gateway("web/other", "app=other", [Simple(443, "c.example.com", "other")]));

        var finding = Assert.Single(Analyzer.Check(ManifestFiles.Load([spaced, plain])).Findings);

        Assert.Equal(
            $"merge them into one server of Gateway istio-system/a (the oldest): kubectl istio-tls merge --dry-run -f '{spaced}' -f {plain}; "
            + $"or answer 421 to misdirected requests: kubectl istio-tls apply-421 --dry-run -f '{spaced}' -f {plain}",
            finding.Fix!.Text);
    }

    [Fact]
    public void A_quote_in_a_path_is_written_as_the_shell_reads_it()
    {
        var quoted = Path.Combine(_dir, "team's gateways.yaml");
        File.WriteAllText(quoted, Shared);

        var finding = Assert.Single(Analyzer.Check(ManifestFiles.Load([quoted])).Findings);

        var written = $"-f '{_dir}/team'\\''s gateways.yaml'";
        Assert.Equal(
            $"merge them into one server of Gateway istio-system/a (the oldest): kubectl istio-tls merge --dry-run {written}; "
            + $"or answer 421 to misdirected requests: kubectl istio-tls apply-421 --dry-run {written}",
            finding.Fix!.Text);
    }

    [Fact]
    public void Live_the_hints_name_no_files()
    {
        var snapshot = Snapshot(Shared);
        var live = new ConfigSnapshot { Gateways = snapshot.Gateways, Origin = new ContextOrigin("prod") };

        var finding = Assert.Single(Analyzer.Check(live).Findings);

        Assert.Equal("merge them into one server of Gateway istio-system/a (the oldest): kubectl istio-tls merge --dry-run; or answer 421 to misdirected requests: kubectl istio-tls apply-421", finding.Fix!.Text);
    }
}
