using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using IstioTls.Documents;

namespace IstioTls.Printers;

/// <summary>Prints one document as JSON or YAML; both come from the same JSON nodes, so the two
/// formats never drift apart.</summary>
public static class DocumentPrinter
{
    private static readonly JsonWriterOptions Indented = new()
    {
        Indented = true,
        IndentSize = 2,
        // Hosts and messages stay readable: no \u0027 for quotes or \u003C for '<'.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        // Objects read at the input nesting limit print inside a List or a plan.
        MaxDepth = YamlDocumentWriter.MaxDepth,
    };

    public static void Print(JsonNode document, OutputFormat format, TextWriter output)
    {
        switch (format)
        {
            case OutputFormat.Json:
                WriteJson(document, output);
                break;
            case OutputFormat.Yaml:
                YamlDocumentWriter.Write(output, document);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(format), format, "only json and yaml print documents");
        }
    }

    public static void WriteJson(JsonNode document, TextWriter output)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, Indented))
        {
            document.WriteTo(writer);
        }
        output.Write(System.Text.Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length));
        output.Write('\n');
    }
}
