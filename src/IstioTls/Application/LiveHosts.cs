using IstioTls.Analysis;
using IstioTls.Cluster;
using IstioTls.Model;
using IstioTls.Probing;

namespace IstioTls.Application;

/// <summary>
/// The groups <c>probe</c> tries on a live cluster: per context, check's findings of servers that
/// may share a connection (a shared or covering certificate; mitigated ones too, to show the 421
/// at work), one concrete host per server, at the gateway workload's address.
/// </summary>
public static class LiveHosts
{
    /// <summary>The findings whose servers a browser may reach over one connection.</summary>
    private static readonly string[] Coalescing = [FindingCodes.SharedCertificate, FindingCodes.PossibleSharedCertificate, FindingCodes.CoveringCertificate];

    public static async Task<HostSelection> SelectAsync(FindingHosts targets, CancellationToken cancellationToken)
    {
        var cluster = targets.Input;
        var kubeconfig = Kubeconfig.Load(cluster.Cluster.Kubeconfig, Environment.GetEnvironmentVariable);
        var contexts = ContextSelection.Resolve(kubeconfig, cluster.Cluster.Context, cluster.Contexts, cluster.AllContexts);
        var groups = new List<ProbeGroup>();
        var skipped = new List<SkippedServer>();
        var errors = new List<string>();
        var warnings = new List<string>();
        var connections = new List<IDisposable>();
        foreach (var context in contexts)
        {
            if (ContextSelection.Unknown(kubeconfig, context) is { } unknown)
            {
                errors.Add(unknown);
                continue;
            }
            KubeConnection? connection = null;
            try
            {
                connection = KubeConnection.Open(kubeconfig, context, cluster.Cluster);
                var snapshot = await ClusterReader.ReadAsync(connection, ContextSelection.NamespaceOf(kubeconfig, context), cancellationToken).ConfigureAwait(false);
                var report = CheckRun.Check([new SnapshotRead(snapshot, null)], new CheckOptions { Namespace = targets.Namespace });
                warnings.AddRange(report.Warnings);
                foreach (var finding in report.Findings.Where(f => Coalescing.Contains(f.Code) && f.Binding is not null && f.Servers.Count > 1))
                {
                    var name = GroupName(finding, contexts.Count > 1 ? context : null);
                    var hosts = new List<string>();
                    foreach (var server in finding.Servers)
                    {
                        var (host, reason) = HostOf(server, targets.SampleHosts);
                        if (host is null)
                        {
                            skipped.Add(new SkippedServer(name, server.ToString(), reason!));
                        }
                        else if (!hosts.Contains(host))
                        {
                            hosts.Add(host);
                        }
                    }
                    if (hosts.Count < 2)
                    {
                        skipped.Add(new SkippedServer(name, string.Join(", ", finding.Servers), "fewer than two hosts to probe"));
                        continue;
                    }
                    if (targets.PortForward)
                    {
                        var (tunnel, failure) = await GatewayTunnel.ForAsync(finding, snapshot, connection, cancellationToken).ConfigureAwait(false);
                        if (tunnel is null)
                        {
                            errors.Add($"{name}: {failure}");
                            continue;
                        }
                        groups.Add(new ProbeGroup(name, hosts, null) { Tunnel = tunnel });
                        continue;
                    }
                    var address = targets.Address;
                    if (address is null)
                    {
                        var (found, error) = GatewayAddress.For(finding, snapshot);
                        if (found is null)
                        {
                            errors.Add($"{name}: {error}");
                            continue;
                        }
                        address = found;
                    }
                    groups.Add(new ProbeGroup(name, hosts, address));
                }
            }
            catch (ClusterException e)
            {
                errors.Add(e.Message);
            }
            finally
            {
                // The tunnels of this context's groups go through its connection until the probe ends.
                if (connection is not null)
                {
                    if (targets.PortForward)
                    {
                        connections.Add(connection);
                    }
                    else
                    {
                        connection.Dispose();
                    }
                }
            }
        }
        return new HostSelection(groups, skipped, errors) { Warnings = warnings, Connections = connections };
    }

    /// <summary>The host to send for a server: its first exact host, else the sample given for one
    /// of its wildcards; or why there is none.</summary>
    public static (string? Host, string? Reason) HostOf(Server server, IReadOnlyDictionary<string, string> samples)
    {
        var names = server.Hosts.Select(h => h.Sni).ToList();
        if (names.FirstOrDefault(n => !n.Contains('*', StringComparison.Ordinal)) is { } exact)
        {
            return (exact, null);
        }
        if (names.Select(n => samples.GetValueOrDefault(n)).FirstOrDefault(s => s is not null) is { } sample)
        {
            return (sample, null);
        }
        return (null, $"only wildcard hosts ({string.Join(", ", names)}): name one with --sample-host '{names.FirstOrDefault() ?? "*"}=NAME'");
    }

    private static string GroupName(Finding finding, string? context)
    {
        var words = new List<string> { finding.Code };
        if (context is not null)
        {
            words.Add($"context {context}");
        }
        words.Add(finding.Workloads.Count > 0 ? $"workload {string.Join(",", finding.Workloads)}" : $"selector {finding.Selector}");
        words.Add(finding.Binding!.Value.ToString());
        if (finding.Detail is CertificateDetail certificate)
        {
            words.Add($"certificate {certificate.Certificate}");
        }
        return string.Join(' ', words);
    }
}
