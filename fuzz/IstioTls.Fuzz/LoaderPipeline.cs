using System.Text.Json.Nodes;
using IstioTls.Analysis;
using IstioTls.Application;
using IstioTls.Documents;
using IstioTls.Printers;
using IstioTls.Sources;

namespace IstioTls.Fuzz;

/// <summary>
/// What <c>check -f -</c> and <c>merge</c> do with a file's bytes: read the documents, build the
/// snapshot, analyse it, print the report as JSON and YAML, and write every object back as YAML.
/// The fuzzer and the regression test (which links this file) run exactly this.
/// </summary>
public static class LoaderPipeline
{
    /// <summary>Runs the bytes through; returns the input error the user would see, or null when
    /// the input was read. Any other exception escapes: that is a defect.</summary>
    public static string? Run(byte[] bytes)
    {
        try
        {
            var objects = new ObjectsAsRead();
            var snapshot = ManifestFiles.Load(["-"], () => new MemoryStream(bytes), inspectCertificates: true, keep: objects);
            var report = CheckRun.Check([new SnapshotRead(snapshot, objects)], new CheckOptions());
            DocumentPrinter.Print(ReportDocument.Build(report), OutputFormat.Json, TextWriter.Null);
            DocumentPrinter.Print(ReportDocument.Build(report), OutputFormat.Yaml, TextWriter.Null);
            var documents = ManifestReader.Read("<stdin>", bytes);
            YamlDocumentWriter.WriteStream(TextWriter.Null, documents.Select(d => d.Root));
            foreach (var document in documents)
            {
                if (document.Root is JsonNode root)
                {
                    DocumentPrinter.WriteJson(root, TextWriter.Null);
                }
            }
            return null;
        }
        catch (Exception e) when (e is DocumentException or InputException)
        {
            return e.Message;
        }
    }
}
