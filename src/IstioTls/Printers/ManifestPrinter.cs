using System.Text.Json.Nodes;
using IstioTls.Documents;

namespace IstioTls.Printers;

/// <summary>
/// Prints Kubernetes objects as <c>kubectl apply -f -</c> takes them: JSON is the object itself
/// when there is one and a <c>v1</c> <c>List</c> otherwise; YAML is one document per object.
/// </summary>
public static class ManifestPrinter
{
    public static void Print(IReadOnlyList<JsonObject> objects, OutputFormat format, TextWriter output)
    {
        switch (format)
        {
            case OutputFormat.Json when objects.Count == 1:
                DocumentPrinter.WriteJson(objects[0], output);
                break;
            case OutputFormat.Json:
                var items = new JsonArray();
                foreach (var item in objects)
                {
                    items.Add((JsonNode)item.DeepClone());
                }
                DocumentPrinter.WriteJson(new JsonObject { ["apiVersion"] = "v1", ["kind"] = "List", ["items"] = items }, output);
                break;
            case OutputFormat.Yaml:
                YamlDocumentWriter.WriteStream(output, objects);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(format), format, "objects print as json or yaml");
        }
    }
}
