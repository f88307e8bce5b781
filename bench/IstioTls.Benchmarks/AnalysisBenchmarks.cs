using BenchmarkDotNet.Attributes;
using IstioTls.Analysis;
using IstioTls.Model;
using IstioTls.Printers;
using IstioTls.Sources;

namespace IstioTls.Benchmarks;

/// <summary>The judge and the printers on a read snapshot.</summary>
[MemoryDiagnoser]
public class AnalysisBenchmarks
{
    private ConfigSnapshot _snapshot = null!;
    private CheckReport _report = null!;

    [Params(1000, 10000)]
    public int Gateways { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var bytes = GeneratedInput.Yaml(GeneratedInput.Cluster(Gateways));
        var builder = new SnapshotBuilder();
        foreach (var document in ManifestReader.Read("manifests.yaml", bytes))
        {
            builder.AddDocument(document, "manifests.yaml");
        }
        _snapshot = builder.Build();
        _report = Analyzer.Check(_snapshot);
    }

    [Benchmark]
    public CheckReport Analysis() => Analyzer.Check(_snapshot);

    [Benchmark]
    public long Json_printer()
    {
        using var writer = new StringWriter();
        DocumentPrinter.Print(ReportDocument.Build(_report), OutputFormat.Json, writer);
        return writer.GetStringBuilder().Length;
    }

    [Benchmark]
    public long Yaml_printer()
    {
        using var writer = new StringWriter();
        DocumentPrinter.Print(ReportDocument.Build(_report), OutputFormat.Yaml, writer);
        return writer.GetStringBuilder().Length;
    }

    [Benchmark]
    public long Table_printer()
    {
        using var writer = new StringWriter();
        TablePrinter.Print(_report, writer, color: false);
        return writer.GetStringBuilder().Length;
    }
}
