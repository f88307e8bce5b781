using System.Text;
using CsCheck;
using IstioTls.Analysis;
using IstioTls.Model;
using IstioTls.Tests.Support;

namespace IstioTls.Tests;

/// <summary>
/// Invariants of the analysis on many generated clusters: the order of documents, of servers in
/// a Gateway and of selector keys never changes the findings; an unrelated Gateway never changes
/// them; every finding is internally consistent.
/// </summary>
public class OrderIndependenceProperties
{
    private sealed record ServerSpec(int Port, string Protocol, string? Mode, string Credential, string[] Hosts);

    private sealed record GatewaySpec(string Namespace, string Name, (string Key, string Value)[] Selector, ServerSpec[] Servers);

    private static readonly Gen<(string, string)[]> Selector = Gen.OneOf<(string, string)[]>(
        [("istio", "ingressgateway")],
        [("istio", "ingressgateway"), ("app", "gw")],
        [("app", "gw"), ("istio", "ingressgateway")],
        [("istio", "internal")],
        []);

    private static readonly Gen<ServerSpec> Server =
        from port in Gen.OneOf(443, 8443)
        from protocol in Gen.OneOf("HTTPS", "HTTPS", "HTTPS", "TLS", "HTTP")
        from mode in Gen.OneOf<string?>("SIMPLE", "SIMPLE", "MUTUAL", "OPTIONAL_MUTUAL", "PASSTHROUGH", "ISTIO_MUTUAL", null)
        from credential in Gen.OneOf("a", "b", "kubernetes://a", "c")
        from hosts in Gen.OneOf("one.example.com", "two.example.com", "three.example.com", "*.example.com", "four.example.com").Array[1, 3]
        select new ServerSpec(port, protocol, mode, credential, [.. hosts.Distinct()]);

    private static readonly Gen<GatewaySpec[]> Cluster =
        Gen.Select(Gen.OneOf("web", "shop", "istio-system"), Selector, Server.Array[1, 3])
            .Array[1, 6]
            .Select(gateways => gateways.Select((g, i) => new GatewaySpec(g.Item1, $"gw{i}", g.Item2, g.Item3)).ToArray());

    [Fact]
    public void Shuffling_documents_and_selector_keys_never_changes_the_findings()
    {
        // Not the servers within a Gateway: istiod takes them in order, so which of two servers
        // with one host it keeps depends on it (a DuplicateHost names the later one as dropped).
        Gen.Select(Cluster, Gen.Int).Sample((cluster, seed) =>
        {
            var random = new Random(seed);
            var shuffled = cluster
                .Select(g => g with
                {
                    Selector = [.. g.Selector.OrderBy(_ => random.Next())],
                })
                .OrderBy(_ => random.Next())
                .ToArray();

            Assert.Equal(Normalize(Manifests.Check(Render(cluster))), Normalize(Manifests.Check(Render(shuffled))));
        }, iter: 300);
    }

    [Fact]
    public void A_gateway_on_another_workload_never_changes_the_findings()
    {
        Cluster.Sample(cluster =>
        {
            var unrelated = new GatewaySpec("elsewhere", "lonely", [("istio", "lonely-gateway")], [new ServerSpec(443, "HTTPS", "SIMPLE", "lonely-cert", ["lonely.example.com"])]);

            var before = Normalize(Manifests.Check(Render(cluster)));
            var after = Normalize(Manifests.Check(Render([.. cluster, unrelated])));
            if (cluster.Any(g => g.Selector.Length == 0))
            {
                // A Gateway without selector applies to the new workload too: its own problems
                // show up there as well, but nothing found before goes away or changes.
                Assert.Subset(after.ToHashSet(), before.ToHashSet());
            }
            else
            {
                Assert.Equal(before, after);
            }
        }, iter: 200);
    }

    [Fact]
    public void Every_finding_is_consistent()
    {
        Cluster.Sample(cluster =>
        {
            foreach (var finding in Manifests.Check(Render(cluster)).Findings)
            {
                Assert.True(finding.Servers.Count >= 2);
                Assert.All(finding.Servers, s => Assert.Equal(finding.Binding?.Port, s.Port.Number));
                Assert.Equal(finding.Servers.Count, finding.Servers.Distinct().Count());
                if (finding.Code == FindingCodes.SharedCertificate)
                {
                    Assert.All(finding.Servers, s => Assert.True(s.TerminatesHttps));
                    // One workload: the selectors are equal, apart from Gateways without selector.
                    Assert.True(finding.Servers.Select(s => s.Gateway.Selector).Where(s => !s.IsEmpty).Distinct().Count() <= 1);
                    Assert.Equal(finding.Servers.Any(s => s.TlsMode is TlsMode.Simple or TlsMode.OptionalMutual) ? Severity.Error : Severity.Warning, finding.Severity);
                }
            }
        }, iter: 300);
    }

    private static string Render(IEnumerable<GatewaySpec> gateways)
    {
        var yaml = new StringBuilder();
        foreach (var gateway in gateways)
        {
            yaml.Append($"---\napiVersion: networking.istio.io/v1\nkind: Gateway\nmetadata: {{name: {gateway.Name}, namespace: {gateway.Namespace}}}\nspec:\n");
            yaml.Append("  selector: {").Append(string.Join(", ", gateway.Selector.Select(p => $"{p.Key}: {p.Value}"))).Append("}\n  servers:\n");
            // Port names are unique per server and travel with it, so a shuffled server keeps its identity.
            foreach (var (server, i) in gateway.Servers.Select((s, i) => (s, i)))
            {
                var mode = server.Mode is null ? "" : $"mode: {server.Mode}, ";
                yaml.Append($"  - port: {{number: {server.Port}, name: p-{gateway.Name}-{string.Join("-", server.Hosts).Replace("*", "w", StringComparison.Ordinal)}-{server.Port}-{server.Protocol}-{server.Mode}-{server.Credential.Replace("://", "-", StringComparison.Ordinal)}, protocol: {server.Protocol}}}\n");
                yaml.Append($"    hosts: [{string.Join(", ", server.Hosts.Select(h => $"\"{h}\""))}]\n");
                yaml.Append($"    tls: {{{mode}credentialName: \"{server.Credential}\"}}\n");
            }
        }
        return yaml.ToString();
    }

    // Findings compared without server indexes, which a shuffle changes by design.
    private static List<string> Normalize(CheckReport report) =>
        [.. report.Findings
            .Select(f => $"{f.Code} {f.Severity} {f.Binding?.Port} {(f.Detail as CertificateDetail)?.Certificate} [{string.Join(", ", f.Servers.Select(s => $"{s.Gateway.Key}:{s.Port.Name}").Order(StringComparer.Ordinal))}] [{string.Join(",", f.Detail.Hosts.Order(StringComparer.Ordinal))}]")
            .Order(StringComparer.Ordinal)];
}
