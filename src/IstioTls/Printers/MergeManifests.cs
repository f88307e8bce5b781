using IstioTls.Plans.Merge;

namespace IstioTls.Printers;

/// <summary>
/// <c>merge -o manifests</c>: the plan's objects as multi-document YAML for
/// <c>kubectl apply -f -</c> or a Git commit. What manifests cannot say is in comments at the
/// top: the deletions, as the commands that make them once the objects are applied, the groups
/// left alone and why, and the warnings.
/// </summary>
public static class MergeManifests
{
    public static void Print(MergePlan plan, TextWriter output)
    {
        output.Write(plan.HasChanges
            ? $"# kubectl istio-tls merge: {Words.Count(plan.Apply.Count, "object")} to apply, {Words.Count(plan.Delete.Count, "Gateway")} to delete.\n"
            : "# kubectl istio-tls merge: nothing to merge.\n");
        if (plan.Delete.Count > 0)
        {
            output.Write("# After applying these objects, delete the Gateways left without servers:\n");
            foreach (var deletion in plan.Delete)
            {
                // Qualified: "gateway" alone may mean the Kubernetes Gateway API's kind.
                output.Write($"#   kubectl delete gateways.networking.istio.io {deletion.Target.Name} -n {deletion.Target.Namespace}\n");
            }
        }
        foreach (var skipped in plan.Skipped)
        {
            output.Write($"# Not merged ({string.Join(", ", skipped.Finding.Servers)}): {skipped.Reason}\n");
        }
        foreach (var warning in plan.Warnings)
        {
            output.Write($"# Warning: {warning}\n");
        }
        if (plan.Apply.Count > 0)
        {
            output.Write("---\n");
            ManifestPrinter.Print([.. plan.Apply.Select(p => p.Object)], OutputFormat.Yaml, output);
        }
    }
}
