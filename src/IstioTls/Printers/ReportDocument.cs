using System.Text.Json.Nodes;
using IstioTls.Analysis;
using IstioTls.Documents;
using IstioTls.Model;

namespace IstioTls.Printers;

/// <summary>
/// The <c>check</c> document for <c>-o json|yaml</c>. Field names are a contract: scripts and jq
/// filters depend on them (<c>.findings[].servers[].gateway</c>), so change them only by adding.
/// </summary>
public static class ReportDocument
{
    public static JsonObject Build(CheckReport report)
    {
        var findings = new JsonArray();
        foreach (var finding in report.Findings)
        {
            findings.Add((JsonNode)Finding(finding));
        }
        var document = new JsonObject
        {
            ["findings"] = findings,
            ["summary"] = Summary(report),
        };
        if (report.Warnings.Count > 0)
        {
            document["warnings"] = Strings(report.Warnings);
        }
        if (report.Errors.Count > 0)
        {
            document["errors"] = Strings(report.Errors);
        }
        return document;
    }

    public static JsonObject Finding(Finding finding)
    {
        var node = new JsonObject();
        if (finding.Context is not null)
        {
            node["context"] = finding.Context;
        }
        node["code"] = finding.Code;
        node["severity"] = finding.Severity.ToName();
        node["message"] = finding.Message;
        if (finding.MitigatedBy is not null)
        {
            node["mitigatedBy"] = finding.MitigatedBy;
        }
        if (finding.Filter is { } filter)
        {
            node["envoyFilter"] = new JsonObject
            {
                ["name"] = filter.Key,
                ["source"] = filter.Source.ToString(),
            };
        }
        if (finding.Details.Count > 0)
        {
            node["details"] = Strings(finding.Details);
        }
        if (finding.Port > 0)
        {
            node["port"] = finding.Port;
        }
        if (finding.Bind is not null)
        {
            node["bind"] = finding.Bind;
        }
        node["selector"] = Labels(finding.Selector);
        if (finding.Workloads.Count > 0)
        {
            node["workloads"] = Strings(finding.Workloads);
        }
        if (finding.Certificate is not null)
        {
            node["certificate"] = finding.Certificate;
        }
        if (finding.Fingerprints.Count > 0)
        {
            node["fingerprints"] = Strings(finding.Fingerprints);
        }
        if (finding.NotAfter is { } notAfter)
        {
            node["notAfter"] = Rfc3339.Format(notAfter);
        }
        if (finding.DnsNames.Count > 0)
        {
            node["dnsNames"] = Strings(finding.DnsNames);
        }
        node["hosts"] = Strings(finding.Hosts);
        if (finding.CoveredHosts.Count > 0)
        {
            var covered = new JsonArray();
            foreach (var host in finding.CoveredHosts)
            {
                covered.Add((JsonNode)new JsonObject { ["host"] = host.Host, ["san"] = host.San });
            }
            node["coveredHosts"] = covered;
        }
        var servers = new JsonArray();
        foreach (var server in finding.Servers)
        {
            servers.Add((JsonNode)Server(server));
        }
        node["servers"] = servers;
        if (finding.Fix is { } fix)
        {
            var fixNode = new JsonObject();
            if (fix.MergeInto is not null)
            {
                fixNode["mergeInto"] = fix.MergeInto;
            }
            fixNode["text"] = fix.Text;
            node["fix"] = fixNode;
        }
        return node;
    }

    private static JsonObject Server(Server server)
    {
        var node = new JsonObject
        {
            ["gateway"] = server.Gateway.Key,
            ["kind"] = "Gateway",
            ["apiVersion"] = server.Gateway.ApiVersion,
            ["index"] = server.Index,
        };
        if (server.Gateway.FromGatewayApi)
        {
            node["listener"] = server.Name;
        }
        node["portName"] = server.Port.Name;
        node["hosts"] = Strings(server.Hosts.Select(h => h.ToString()));
        node["tlsMode"] = server.TlsMode?.ToIstioName();
        if (server.Gateway.Meta.CreationTimestamp is { } created)
        {
            node["created"] = Rfc3339.Format(created);
        }
        node["source"] = server.Gateway.Source.ToString();
        return node;
    }

    private static JsonObject Summary(CheckReport report)
    {
        var summary = new JsonObject
        {
            ["findings"] = report.Findings.Count,
            ["errors"] = report.Count(Severity.Error),
            ["warnings"] = report.Count(Severity.Warning),
            ["infos"] = report.Count(Severity.Info),
            ["suppressed"] = report.Suppressed.Count,
            ["gateways"] = report.Checked.Gateways,
            ["servers"] = report.Checked.Servers,
            ["virtualServices"] = report.Checked.VirtualServices,
            ["skipped"] = report.Checked.Skipped,
            ["partial"] = report.Partial,
        };
        if (report.Contexts.Count > 0 || report.FailedContexts.Count > 0)
        {
            summary["contexts"] = Strings(report.Contexts);
        }
        if (report.FailedContexts.Count > 0)
        {
            summary["failedContexts"] = Strings(report.FailedContexts);
        }
        return summary;
    }

    private static JsonObject Labels(LabelSet labels)
    {
        var node = new JsonObject();
        foreach (var (key, value) in labels)
        {
            node[key] = value;
        }
        return node;
    }

    internal static JsonArray Strings(IEnumerable<string> values)
    {
        var array = new JsonArray();
        foreach (var value in values)
        {
            array.Add((JsonNode)JsonValue.Create(value));
        }
        return array;
    }
}
