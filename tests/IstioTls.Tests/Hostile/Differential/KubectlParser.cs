using System.Diagnostics;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace IstioTls.Tests.Hostile.Differential;

/// <summary>What kubectl reads from a file, without a cluster: <c>kubectl patch --local</c>
/// with an empty merge patch decodes every document exactly as <c>apply</c> and <c>create</c>
/// do (k8s.io/apimachinery's YAML-or-JSON decoder, go-yaml v2 underneath) and prints the
/// objects unchanged, Lists flattened into their items.</summary>
public sealed class KubectlParser(string workDirectory)
{
    private int _files;

    public int Runs => _files;

    /// <summary>The objects kubectl prints for <paramref name="text"/>, or its error.</summary>
    public (List<JsonNode> Objects, string? Error) Parse(string text)
    {
        var path = Path.Combine(workDirectory, $"f{_files++}.yaml");
        File.WriteAllBytes(path, new UTF8Encoding(false).GetBytes(text));
        var kubeconfig = Path.Combine(workDirectory, "kubeconfig");
        if (!File.Exists(kubeconfig))
        {
            File.WriteAllText(kubeconfig, "apiVersion: v1\nkind: Config\n");
        }
        var start = new ProcessStartInfo("kubectl")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in (string[])["patch", "--local", "--type", "merge", "-p", "{}", "-o", "json", "-f", path])
        {
            start.ArgumentList.Add(arg);
        }
        start.Environment["KUBECONFIG"] = kubeconfig;
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            return ([], stderr.Trim());
        }
        return (ReadValues(stdout.Result), null);
    }

    private static List<JsonNode> ReadValues(string json)
    {
        var values = new List<JsonNode>();
        var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes(json), new JsonReaderOptions { AllowMultipleValues = true, MaxDepth = 20_000 });
        while (reader.Read())
        {
            values.Add(JsonNode.Parse(ref reader, new JsonNodeOptions())!);
        }
        return values;
    }
}
