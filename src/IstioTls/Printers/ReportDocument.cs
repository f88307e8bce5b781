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

    /// <summary>One finding. Fields keep the order scripts and golden files know: what the code
    /// adds goes where it always stood (the EnvoyFilter before the port, certificate facts before
    /// the hosts).</summary>
    public static JsonObject Finding(Finding finding)
    {
        var node = new JsonObject();
        if (finding.Context is not null)
        {
            node["context"] = finding.Context;
        }
        if (finding.SameAs.Count > 0)
        {
            node["sameAs"] = Strings(finding.SameAs);
        }
        node["code"] = finding.Code;
        node["severity"] = finding.Severity.ToName();
        node["message"] = finding.Message;
        if (finding.MitigatedBy is not null)
        {
            node["mitigatedBy"] = finding.MitigatedBy;
        }
        if (finding.Detail is MisdirectedFilterDetail about)
        {
            AddFilter(node, about);
        }
        if (finding.Binding is { } binding)
        {
            AddBinding(node, binding);
        }
        node["selector"] = Labels(finding.Selector);
        if (finding.Workloads.Count > 0)
        {
            node["workloads"] = Strings(finding.Workloads);
        }
        if (finding.Detail is CertificateDetail certificate)
        {
            AddCertificate(node, certificate);
        }
        node["hosts"] = Strings(finding.Detail.Hosts);
        if (finding.Detail is CoveringCertificateDetail covering)
        {
            node["coveredHosts"] = CoveredHosts(covering.CoveredHosts);
        }
        node["servers"] = Servers(finding.Servers);
        if (finding.Fix is { } fix)
        {
            node["fix"] = Fix(fix);
        }
        return node;
    }

    private static void AddBinding(JsonObject node, PortBinding binding)
    {
        node["port"] = binding.Port;
        if (binding.Bind is not null)
        {
            node["bind"] = binding.Bind;
        }
    }

    private static void AddFilter(JsonObject node, MisdirectedFilterDetail about)
    {
        node["envoyFilter"] = new JsonObject
        {
            ["name"] = about.Filter.Key,
            ["source"] = about.Filter.Source.ToString(),
        };
        if (about.Details.Count > 0)
        {
            node["details"] = Strings(about.Details);
        }
    }

    private static void AddCertificate(JsonObject node, CertificateDetail certificate)
    {
        node["certificate"] = certificate.Certificate;
        if (certificate.Fingerprints.Count > 0)
        {
            node["fingerprints"] = Strings(certificate.Fingerprints);
        }
        switch (certificate)
        {
            case CertificateValidityDetail validity:
                node["notAfter"] = Rfc3339.Format(validity.NotAfter);
                break;
            case HostNotCoveredDetail notCovered when notCovered.DnsNames.Count > 0:
                node["dnsNames"] = Strings(notCovered.DnsNames);
                break;
        }
    }

    private static JsonArray CoveredHosts(IReadOnlyList<CoveredHost> hosts)
    {
        var covered = new JsonArray();
        foreach (var host in hosts)
        {
            covered.Add((JsonNode)new JsonObject { ["host"] = host.Host, ["san"] = host.San });
        }
        return covered;
    }

    private static JsonObject Fix(FixAdvice fix)
    {
        var node = new JsonObject();
        if (fix.MergeInto is not null)
        {
            node["mergeInto"] = fix.MergeInto;
        }
        node["text"] = fix.Text;
        return node;
    }

    private static JsonArray Servers(IReadOnlyList<Server> servers)
    {
        var array = new JsonArray();
        foreach (var server in servers)
        {
            array.Add((JsonNode)Server(server));
        }
        return array;
    }

    private static JsonObject Server(Server server)
    {
        var node = new JsonObject
        {
            ["gateway"] = server.Gateway.Key,
            ["kind"] = server.Gateway.Kind,
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
        if (report.SameAs.Count > 0)
        {
            var groups = new JsonArray();
            foreach (var same in report.SameAs)
            {
                groups.Add((JsonNode)Strings(same));
            }
            summary["readOnce"] = groups;
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
