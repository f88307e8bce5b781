using System.Text.Json.Nodes;
using IstioTls.Analysis;
using IstioTls.Model;
using IstioTls.Plans.Merge;

namespace IstioTls.Printers;

/// <summary>
/// The <c>merge --dry-run</c> document for <c>-o json|yaml</c>: <c>groups</c>, <c>apply</c>
/// (whole objects, ready for <c>kubectl apply</c>), <c>delete</c>, <c>skipped</c>. Field names
/// are a contract, as for <c>check</c>: change them only by adding.
/// </summary>
public static class MergePlanDocument
{
    public static JsonObject Build(MergePlan plan)
    {
        var document = new JsonObject
        {
            ["groups"] = Array(plan.Groups.Select(Group)),
            ["apply"] = Array(plan.Apply.Select(p => p.Object.DeepClone())),
            ["delete"] = Array(plan.Delete.Select(d => new JsonObject
            {
                ["apiVersion"] = d.Target.ApiVersion,
                ["kind"] = d.Target.Kind,
                ["namespace"] = d.Target.Namespace,
                ["name"] = d.Target.Name,
            })),
            ["skipped"] = Array(plan.Skipped.Select(Skipped)),
        };
        if (plan.Warnings.Count > 0)
        {
            document["warnings"] = ReportDocument.Strings(plan.Warnings);
        }
        return document;
    }

    private static JsonObject Group(MergeGroup group)
    {
        var node = new JsonObject
        {
            ["survivor"] = group.Survivor.Key,
            ["port"] = group.Finding.Binding?.Port,
            ["certificate"] = Certificate(group.Finding),
            ["servers"] = Servers(group.Servers),
            ["mergedServer"] = new JsonObject { ["gateway"] = group.MergedServer.Gateway.Key, ["index"] = group.MergedServer.Index },
            ["hosts"] = ReportDocument.Strings(group.Hosts),
            ["virtualServices"] = ReportDocument.Strings(group.VirtualServices.Select(v => v.Key)),
            ["updated"] = ReportDocument.Strings(group.Updated.Select(g => g.Key)),
            ["deleted"] = ReportDocument.Strings(group.Deleted.Select(g => g.Key)),
        };
        if (group.WildcardNote is not null)
        {
            node["wildcard"] = group.WildcardNote;
        }
        return node;
    }

    private static JsonObject Skipped(SkippedGroup skipped) => new()
    {
        ["port"] = skipped.Finding.Binding?.Port,
        ["certificate"] = Certificate(skipped.Finding),
        ["servers"] = Servers(skipped.Finding.Servers),
        ["reason"] = skipped.Reason,
        ["fields"] = ReportDocument.Strings(skipped.Fields),
    };

    /// <summary>Merge plans SharedCertificate findings only: their certificate names the group.</summary>
    private static string? Certificate(Finding finding) => (finding.Detail as SharedCertificateDetail)?.Certificate;

    private static JsonArray Servers(IEnumerable<Server> servers) =>
        Array(servers.Select(s => new JsonObject
        {
            ["gateway"] = s.Gateway.Key,
            ["index"] = s.Index,
            ["hosts"] = ReportDocument.Strings(s.Hosts.Select(h => h.ToString())),
        }));

    private static JsonArray Array(IEnumerable<JsonNode> items)
    {
        var array = new JsonArray();
        foreach (var item in items)
        {
            array.Add(item);
        }
        return array;
    }
}
