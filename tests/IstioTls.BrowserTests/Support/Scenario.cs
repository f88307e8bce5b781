using System.Text.RegularExpressions;
using IstioTls.Tests.Support;

namespace IstioTls.BrowserTests.Support;

/// <summary>
/// The objects of one test case, the gateway workload the stand-in plays, and the certificate
/// each Secret holds (its DNS names). The fixes come from the CLI, run as a process on these
/// objects, so that what the browser meets is exactly what a user would apply.
/// </summary>
public sealed partial class Scenario(IReadOnlyList<KubeObject> objects, Workload workload, IReadOnlyDictionary<string, string[]> certificates)
{
    public IReadOnlyList<KubeObject> Objects => objects;

    public IReadOnlyList<Listener> Listeners => GatewayModel.Build(objects, workload);

    /// <summary>Every non-wildcard host of the Gateways, for the browser's resolver.</summary>
    public IReadOnlyCollection<string> Hosts => [.. Listeners.SelectMany(l => l.Chains).SelectMany(c => c.Hosts.Concat(c.Domains)).Where(h => !h.Contains('*')).Distinct()];

    public static Scenario FromFiles(Workload workload, IReadOnlyDictionary<string, string[]> certificates, params string[] files) =>
        new(KubeObject.Load(files), workload, certificates);

    /// <summary>These objects plus the EnvoyFilter of <c>apply-421 --dry-run -o yaml</c>. In
    /// precise mode a Service in front of the workload maps each Gateway port to the stand-in's
    /// port, as a gateway Service maps 443 to the targetPort Envoy listens on: the filter then
    /// matches the stand-in's listener, and <c>check</c> can verify that it does.</summary>
    public Scenario With421(string mode, IReadOnlyDictionary<int, int> ports)
    {
        var scenario = mode == "precise" ? new Scenario([.. objects, ListenerService(ports)], workload, certificates) : this;
        var output = scenario.RunCli(["apply-421", "--dry-run", "-o", "yaml", "--mode", mode], 0);
        return new Scenario([.. scenario.Objects, .. KubeObject.Parse(output)], workload, certificates);
    }

    private KubeObject ListenerService(IReadOnlyDictionary<int, int> ports)
    {
        var selector = string.Join(", ", workload.Labels.Select(l => $"\"{l.Key}\": \"{l.Value}\""));
        var servicePorts = string.Join("\n", ports.Select(p => $"  - {{name: p{p.Key}, port: {p.Key}, targetPort: {p.Value}}}"));
        return KubeObject.Parse($"apiVersion: v1\nkind: Service\nmetadata: {{name: stand-in, namespace: {workload.Namespace}}}\nspec:\n  selector: {{{selector}}}\n  ports:\n{servicePorts}\n").Single();
    }

    /// <summary>These objects after the plan of <c>merge --dry-run -o manifests</c> is applied:
    /// its objects replace those of the same kind, namespace and name, and the Gateways it says
    /// to delete are gone.</summary>
    public Scenario Merged()
    {
        var plan = RunCli(["merge", "--dry-run", "-o", "manifests"], 0);
        var deleted = DeleteCommand().Matches(plan).Select(m => $"{Kind(m.Groups[1].Value)}/{m.Groups[3].Value}/{m.Groups[2].Value}").ToHashSet();
        var merged = objects.ToDictionary(o => o.Key);
        foreach (var changed in KubeObject.Parse(plan))
        {
            merged[changed.Key] = changed;
        }
        return new Scenario([.. merged.Values.Where(o => !deleted.Contains(o.Key))], workload, certificates);
    }

    public CheckReport Check() => CheckReport.Parse(RunCli(["check", "-o", "json"], null));

    /// <summary>The stand-in for the workload, on the given loopback ports, with the filters of the EnvoyFilters among the objects.</summary>
    public StandIn Start(IReadOnlyDictionary<int, int> ports) => StandIn.Start(Listeners, ports, EnvoyLuaFilter.For(objects, workload),
        certificates.ToDictionary(c => c.Key, c => TestCertificates.Create(c.Value)));

    private string RunCli(IEnumerable<string> arguments, int? exitCode)
    {
        using var directory = new TempDirectory("scenario");
        var file = directory.File("objects.yaml");
        File.WriteAllText(file, KubeObject.Join(objects));
        var result = Cli.Run([.. arguments, "-f", file], timeout: TimeSpan.FromSeconds(60));
        if ((exitCode is not null && result.ExitCode != exitCode) || result.ExitCode > 1)
        {
            Assert.Fail($"kubectl-istio_tls {string.Join(' ', arguments)}: exit {result.ExitCode}\n{result.Stdout}{result.Stderr}");
        }
        return result.Stdout;
    }

    /// <summary>"gateways.networking.istio.io" to "Gateway.networking.istio.io", as <see cref="KubeObject.Key"/> writes it.</summary>
    private static string Kind(string resource)
    {
        var dot = resource.IndexOf('.', StringComparison.Ordinal);
        var plural = resource[..dot];
        return char.ToUpperInvariant(plural[0]) + plural[1..^1] + resource[dot..];
    }

    [GeneratedRegex(@"kubectl delete (\S+) (\S+) -n (\S+)")]
    private static partial Regex DeleteCommand();
}
