using IstioTls.Documents;
using IstioTls.Plans.Merge;

namespace IstioTls.Printers;

/// <summary>
/// <c>-o manifests</c>: the plan's objects as multi-document YAML for <c>kubectl apply -f -</c>
/// or a Git commit. Deletions cannot be expressed as manifests, so they are listed at the top
/// as the commands that make them, to run once the objects are applied.
/// </summary>
public static class ManifestStream
{
    public static void Print(MergePlan plan, TextWriter output)
    {
        if (!plan.HasChanges)
        {
            output.Write("# kubectl istio-tls merge: nothing to merge.\n");
            return;
        }
        output.Write($"# kubectl istio-tls merge: {Count(plan.Apply.Count, "object")} to apply, {Count(plan.Delete.Count, "Gateway")} to delete.\n");
        if (plan.Delete.Count > 0)
        {
            output.Write("# After applying these objects, delete the Gateways left without servers:\n");
            foreach (var deletion in plan.Delete)
            {
                // Qualified: "gateway" alone may mean the Kubernetes Gateway API's kind.
                output.Write($"#   kubectl delete gateways.networking.istio.io {deletion.Target.Name} -n {deletion.Target.Namespace}\n");
            }
        }
        if (plan.Apply.Count > 0)
        {
            output.Write("---\n");
            YamlDocumentWriter.WriteStream(output, plan.Apply.Select(p => p.Object));
        }
    }

    private static string Count(int n, string noun) => $"{n} {noun}{(n == 1 ? "" : "s")}";
}
