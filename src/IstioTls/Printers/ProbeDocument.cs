using System.Text.Json.Nodes;
using IstioTls.Probing;

namespace IstioTls.Printers;

/// <summary>
/// <c>probe -o json|yaml</c>: <c>pairs[]</c> of {group, sni, authority, status, baselineStatus,
/// verdict, connection, cause}, the groups they came from (with the address probed), the servers
/// skipped, the errors, and the count of each verdict. A status that was never received is null.
/// </summary>
public static class ProbeDocument
{
    public static JsonObject Build(ProbeReport report) => new()
    {
        ["pairs"] = new JsonArray([.. report.Pairs.Select(Pair)]),
        ["groups"] = new JsonArray([.. report.Groups.Select(Group)]),
        ["skipped"] = new JsonArray([.. report.Skipped.Select(s => (JsonNode)new JsonObject { ["group"] = s.Group, ["server"] = s.Server, ["reason"] = s.Reason })]),
        ["errors"] = new JsonArray([.. report.Errors.Select(e => (JsonNode)JsonValue.Create(e))]),
        ["summary"] = Summary(report),
    };

    private static JsonNode Pair(PairResult pair)
    {
        var node = new JsonObject
        {
            ["group"] = pair.Group.Name,
            ["sni"] = pair.Sni,
            ["authority"] = pair.Authority,
            ["status"] = pair.Status,
            ["baselineStatus"] = pair.BaselineStatus,
            ["verdict"] = pair.Verdict.ToName(),
            ["connection"] = ProbeWords.Connection(pair.Connection),
        };
        if (pair.Cause is not null)
        {
            node["cause"] = pair.Cause;
        }
        return node;
    }

    private static JsonNode Group(ProbeGroup group) => new JsonObject
    {
        ["name"] = group.Name,
        ["address"] = ProbeWords.Address(group),
        ["hosts"] = new JsonArray([.. group.Hosts.Select(h => (JsonNode)JsonValue.Create(h))]),
    };

    private static JsonObject Summary(ProbeReport report)
    {
        var summary = new JsonObject { ["pairs"] = report.Pairs.Count };
        foreach (var verdict in Enum.GetValues<ProbeVerdict>())
        {
            summary[verdict.ToName()] = report.Pairs.Count(p => p.Verdict == verdict);
        }
        summary["skippedServers"] = report.Skipped.Count;
        return summary;
    }
}
