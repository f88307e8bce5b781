using System.Globalization;
using IstioTls.Analysis;
using IstioTls.Model;
using IstioTls.Plans.Merge;
using Spectre.Console;

namespace IstioTls.Printers;

/// <summary>
/// The human form of a merge plan: per group, the servers and what happens to each, the merged
/// hosts and the VirtualServices repointed; the groups left alone and why; the writes in the
/// order they are made; one summary line. Colour marks the headings only.
/// </summary>
public static class MergePlanTable
{
    public static void Print(MergePlan plan, TextWriter output, bool color, bool noHeaders = false)
    {
        var ansi = Ansi.Writer(output, color);
        foreach (var group in plan.Groups)
        {
            PrintGroup(ansi, group, noHeaders);
            ansi.WriteLine();
        }
        foreach (var skipped in plan.Skipped)
        {
            PrintSkipped(ansi, skipped, noHeaders);
            ansi.WriteLine();
        }
        if (plan.Steps.Count > 0)
        {
            ansi.WriteLine("Writes, in this order:", new Style(decoration: Decoration.Bold), null!);
            for (var i = 0; i < plan.Steps.Count; i++)
            {
                ansi.WriteLine($"  {i + 1}. {plan.Steps[i].Description}");
            }
            ansi.WriteLine();
        }
        foreach (var warning in plan.Warnings)
        {
            ansi.WriteLine($"warning: {warning}", new Style(Color.Yellow), null!);
        }
        ansi.WriteLine(Summary(plan));
    }

    private static void PrintGroup(AnsiWriter ansi, MergeGroup group, bool noHeaders)
    {
        ansi.Write("MERGE", new Style(Color.Green, decoration: Decoration.Bold), null!);
        ansi.WriteLine($"  {Where(group.Finding)}  into {group.Survivor.Key}", new Style(decoration: Decoration.Bold), null!);
        var table = new TextTable("GATEWAY", "SERVER", "PORT NAME", "HOSTS", "CHANGE");
        foreach (var server in group.Servers)
        {
            table.Add(server.Gateway.Key, Index(server), PortName(server), Hosts(server), Change(group, server));
        }
        foreach (var line in table.Lines(!noHeaders))
        {
            ansi.WriteLine("    " + line);
        }
        ansi.WriteLine($"  merged server: {group.MergedServer}, hosts {string.Join(", ", group.Hosts)}");
        if (group.WildcardNote is not null)
        {
            ansi.WriteLine($"  {group.WildcardNote}");
        }
        var deleted = group.Deleted.Select(g => g.Key).ToHashSet(StringComparer.Ordinal);
        foreach (var vs in group.VirtualServices)
        {
            var named = vs.GatewayReferences.Select(r => vs.ResolveGateway(r.Name)).OfType<string>().Distinct(StringComparer.Ordinal)
                .Where(key => group.Servers.Any(s => s.Gateway.Key == key && s.Gateway != group.Survivor))
                .Select(key => deleted.Contains(key) ? $"instead of {key}" : $"as well as {key}");
            ansi.WriteLine($"  VirtualService {vs.Key}: names {group.Survivor.Key} {string.Join(", ", named)}");
        }
    }

    private static void PrintSkipped(AnsiWriter ansi, SkippedGroup skipped, bool noHeaders)
    {
        ansi.Write("SKIP", new Style(Color.Yellow, decoration: Decoration.Bold), null!);
        ansi.WriteLine($"  {Where(skipped.Finding)}", new Style(decoration: Decoration.Bold), null!);
        var table = new TextTable("GATEWAY", "SERVER", "PORT NAME", "HOSTS");
        foreach (var server in skipped.Finding.Servers)
        {
            table.Add(server.Gateway.Key, Index(server), PortName(server), Hosts(server));
        }
        foreach (var line in table.Lines(!noHeaders))
        {
            ansi.WriteLine("    " + line);
        }
        ansi.WriteLine($"  not merged: {skipped.Reason}");
    }

    private static string Where(Finding finding)
    {
        var where = new List<string>
        {
            finding.Workloads.Count > 0 ? $"workload {string.Join(", ", finding.Workloads)}" : $"selector {(finding.Selector.IsEmpty ? "{}" : finding.Selector.ToString())}",
            finding.Binding is { Bind: { } bind } binding ? $"bind {bind} port {binding.Port}" : $"port {finding.Binding?.Port}",
        };
        if (finding.Detail is SharedCertificateDetail shared)
        {
            where.Add($"certificate {shared.Certificate}");
        }
        return string.Join("  ", where);
    }

    private static string Change(MergeGroup group, Server server)
    {
        if (server == group.MergedServer)
        {
            return "merged server";
        }
        if (server.Gateway == group.Survivor)
        {
            return "removed";
        }
        return group.Deleted.Contains(server.Gateway) ? "removed, Gateway deleted" : "removed, Gateway keeps other servers";
    }

    private static string Summary(MergePlan plan)
    {
        var skipped = plan.Skipped.Count == 0 ? "" : $"; {Words.Count(plan.Skipped.Count, "group")} skipped";
        if (!plan.HasChanges)
        {
            return plan.Groups.Count == 0 && plan.Skipped.Count == 0
                ? "Nothing to merge: no servers on one gateway workload and port share a TLS certificate."
                : $"Nothing to merge{(plan.Groups.Count > 0 ? ": already merged" : "")}{skipped}.";
        }
        var servers = plan.Groups.Sum(g => g.Servers.Count);
        var gateways = plan.Apply.Count(p => p.Role != PlannedRole.VirtualService);
        var virtualServices = plan.Apply.Count(p => p.Role == PlannedRole.VirtualService);
        return $"Plan: merge {Words.Count(plan.Groups.Count, "group")} of {Words.Count(servers, "server")}; write {Words.Count(gateways, "Gateway")} and {Words.Count(virtualServices, "VirtualService")}, delete {Words.Count(plan.Delete.Count, "Gateway")}{skipped}.";
    }

    private static string Index(Server server) => server.Index.ToString(CultureInfo.InvariantCulture);

    private static string PortName(Server server) => server.Port.Name.Length == 0 ? "-" : server.Port.Name;

    private static string Hosts(Server server) => string.Join(",", server.Hosts.Select(h => h.ToString()));
}
