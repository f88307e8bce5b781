using System.Globalization;
using System.Text.Json.Nodes;

namespace IstioTls.TestApiServer;

public sealed class ClusterGeneratorOptions
{
    public int Gateways { get; set; } = 100;
    public int Seed { get; set; } = 1;

    /// <summary>Fraction of Gateways whose certificate is shared with 1-3 other Gateways (groups of 2-4).</summary>
    public double SharedFraction { get; set; } = 0.05;

    /// <summary>Fraction of Gateways with two servers (HTTP 80 + HTTPS 443, or two HTTPS servers with different certificates).</summary>
    public double MultiServerFraction { get; set; } = 0.10;

    /// <summary>Fraction of Gateways that select the internal gateway workload instead of istio: ingressgateway.</summary>
    public double OtherSelectorFraction { get; set; } = 0.02;

    public int PodsPerWorkload { get; set; } = 2;

    public string IstioApiVersion { get; set; } = "networking.istio.io/v1";
}

/// <summary>Generated objects plus the answer a checker should find: which Gateways share which certificate.</summary>
public sealed class GeneratedCluster(IReadOnlyList<JsonObject> objects, IReadOnlyDictionary<string, IReadOnlyList<string>> sharedCredentials)
{
    public IReadOnlyList<JsonObject> Objects { get; } = objects;

    /// <summary>credentialName to the "namespace/name" of every Gateway that uses it, for shared certificates only.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> SharedCredentials { get; } = sharedCredentials;

    public IEnumerable<JsonObject> OfKind(string kind) => Objects.Where(o => Json.String(o, "kind") == kind);

    /// <summary>Writes multi-document YAML files (namespaces, workloads, gateways, virtual services); returns their paths.</summary>
    public IReadOnlyList<string> WriteManifests(string directory)
    {
        Directory.CreateDirectory(directory);
        var files = new List<string>();
        void Write(string name, IEnumerable<JsonObject> items)
        {
            var path = Path.Combine(directory, name);
            Manifests.Write(path, items);
            files.Add(path);
        }
        Write("00-namespaces.yaml", OfKind("Namespace"));
        Write("10-workloads.yaml", Objects.Where(o => Json.String(o, "kind") is "Pod" or "Service"));
        Write("20-gateways.yaml", OfKind("Gateway"));
        Write("30-virtualservices.yaml", OfKind("VirtualService"));
        return files;
    }
}

/// <summary>A deterministic cluster of Istio Gateways for benchmarks: the same seed gives the same objects.</summary>
public static class ClusterGenerator
{
    const string IstioSystem = "istio-system";
    static readonly DateTimeOffset Epoch = new(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static GeneratedCluster Generate(ClusterGeneratorOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var n = Math.Max(0, options.Gateways);
        var rng = new Random(options.Seed);
        var nsCount = Math.Max(1, n / 10);
        string Ns(int i) => $"tenant-{(i % nsCount) + 1:D4}";
        string Name(int i) => $"gw-{i + 1:D5}";

        var order = Enumerable.Range(0, n).ToArray();
        rng.Shuffle(order);
        var next = 0;

        var shared = new Dictionary<int, string>();
        var sharedMap = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        var sharedTarget = (int)Math.Round(n * options.SharedFraction);
        while (sharedTarget - shared.Count >= 2 && n - next >= 2)
        {
            var size = Math.Min(rng.Next(2, 5), Math.Min(sharedTarget - shared.Count, n - next));
            if (size < 2)
            {
                break;
            }
            var credential = $"shared-cert-{sharedMap.Count + 1:D3}";
            var members = order[next..(next + size)];
            next += size;
            foreach (var m in members)
            {
                shared[m] = credential;
            }
            sharedMap[credential] = [.. members.Order().Select(m => $"{Ns(m)}/{Name(m)}")];
        }
        var multi = order.Skip(next).Take((int)Math.Round(n * options.MultiServerFraction)).ToHashSet();
        next += multi.Count;
        var otherTarget = (int)Math.Round(n * options.OtherSelectorFraction);
        var other = order.Skip(next).Take(n >= 20 ? Math.Max(1, otherTarget) : otherTarget).ToHashSet();
        var twoHttps = multi.Where(_ => rng.Next(2) == 0).ToHashSet();

        var objects = new List<JsonObject>();
        var namespaces = new SortedSet<string>(StringComparer.Ordinal) { IstioSystem };
        for (var i = 0; i < Math.Min(n, nsCount); i++)
        {
            namespaces.Add(Ns(i));
        }
        objects.AddRange(namespaces.Select(ns => Object("v1", "Namespace", ns, null, Epoch)));
        objects.AddRange(Workload(rng, "istio-ingressgateway", "ingressgateway", options.PodsPerWorkload));
        objects.AddRange(Workload(rng, "istio-internal-ingressgateway", "internal-ingressgateway", options.PodsPerWorkload));

        for (var i = 0; i < n; i++)
        {
            var ns = Ns(i);
            var name = Name(i);
            var host = $"{name}.{ns}.example.com";
            var servers = new JsonArray { Server("https", 443, "HTTPS", host, shared.GetValueOrDefault(i) ?? $"cert-{name}") };
            if (twoHttps.Contains(i))
            {
                servers.Add(Server("https-alt", 443, "HTTPS", $"{name}-alt.{ns}.example.com", $"cert-{name}-alt"));
            }
            else if (multi.Contains(i))
            {
                servers.Insert(0, Server("http", 80, "HTTP", host, null));
            }
            var gateway = Object(options.IstioApiVersion, "Gateway", name, ns, Epoch.AddMinutes(i));
            gateway["spec"] = new JsonObject
            {
                ["selector"] = new JsonObject { ["istio"] = other.Contains(i) ? "internal-ingressgateway" : "ingressgateway" },
                ["servers"] = servers,
            };
            objects.Add(gateway);

            var vs = Object(options.IstioApiVersion, "VirtualService", $"vs-{i + 1:D5}", ns, Epoch.AddMinutes(i));
            vs["spec"] = new JsonObject
            {
                ["hosts"] = new JsonArray(host),
                ["gateways"] = new JsonArray($"{ns}/{name}"),
                ["http"] = new JsonArray(new JsonObject
                {
                    ["route"] = new JsonArray(new JsonObject
                    {
                        ["destination"] = new JsonObject
                        {
                            ["host"] = $"app-{i + 1:D5}.{ns}.svc.cluster.local",
                            ["port"] = new JsonObject { ["number"] = 8080 },
                        },
                    }),
                }),
            };
            objects.Add(vs);
        }
        return new GeneratedCluster(objects, sharedMap);
    }

    static JsonObject Server(string portName, int port, string protocol, string host, string? credential)
    {
        var server = new JsonObject
        {
            ["hosts"] = new JsonArray(host),
            ["port"] = new JsonObject { ["name"] = portName, ["number"] = port, ["protocol"] = protocol },
        };
        server["tls"] = credential is null
            ? new JsonObject { ["httpsRedirect"] = true }
            : new JsonObject { ["mode"] = "SIMPLE", ["credentialName"] = credential };
        return server;
    }

    static JsonObject Object(string apiVersion, string kind, string name, string? ns, DateTimeOffset created)
    {
        var meta = new JsonObject { ["name"] = name };
        if (ns is not null)
        {
            meta["namespace"] = ns;
        }
        meta["creationTimestamp"] = Json.Timestamp(created);
        return new JsonObject { ["apiVersion"] = apiVersion, ["kind"] = kind, ["metadata"] = meta };
    }

    static IEnumerable<JsonObject> Workload(Random rng, string app, string istioLabel, int pods)
    {
        JsonObject Labels() => new() { ["app"] = app, ["istio"] = istioLabel };
        var hash = RandomName(rng, 10);
        for (var p = 0; p < pods; p++)
        {
            var pod = Object("v1", "Pod", $"{app}-{hash}-{RandomName(rng, 5)}", IstioSystem, Epoch);
            // As a Deployment's pods are: owned by its ReplicaSet, labelled with the template hash.
            var labels = Labels();
            labels["pod-template-hash"] = hash;
            pod["metadata"]!["labels"] = labels;
            pod["metadata"]!["ownerReferences"] = new JsonArray(new JsonObject
            {
                ["apiVersion"] = "apps/v1",
                ["kind"] = "ReplicaSet",
                ["name"] = $"{app}-{hash}",
                ["uid"] = $"{app}-{hash}-uid",
                ["controller"] = true,
            });
            pod["spec"] = new JsonObject
            {
                ["containers"] = new JsonArray(new JsonObject
                {
                    ["name"] = "istio-proxy",
                    ["image"] = "docker.io/istio/proxyv2:1.24.0",
                    ["ports"] = new JsonArray(
                        new JsonObject { ["containerPort"] = 8080, ["name"] = "http2", ["protocol"] = "TCP" },
                        new JsonObject { ["containerPort"] = 8443, ["name"] = "https", ["protocol"] = "TCP" }),
                }),
            };
            pod["status"] = new JsonObject { ["phase"] = "Running", ["podIP"] = $"10.0.{rng.Next(0, 255)}.{rng.Next(1, 255)}" };
            yield return pod;
        }
        var service = Object("v1", "Service", app, IstioSystem, Epoch);
        service["metadata"]!["labels"] = Labels();
        service["spec"] = new JsonObject
        {
            ["type"] = "LoadBalancer",
            ["selector"] = Labels(),
            ["ports"] = new JsonArray(
                new JsonObject { ["name"] = "http2", ["port"] = 80, ["targetPort"] = 8080, ["protocol"] = "TCP" },
                new JsonObject { ["name"] = "https", ["port"] = 443, ["targetPort"] = 8443, ["protocol"] = "TCP" }),
        };
        yield return service;
    }

    static string RandomName(Random rng, int length)
    {
        const string alphabet = "bcdfghjklmnpqrstvwxz2456789";
        return string.Create(length, rng, (span, r) =>
        {
            for (var i = 0; i < span.Length; i++)
            {
                span[i] = alphabet[r.Next(alphabet.Length)];
            }
        });
    }

    public static string Describe(GeneratedCluster cluster)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        return string.Create(CultureInfo.InvariantCulture,
            $"{cluster.OfKind("Gateway").Count()} gateways, {cluster.OfKind("VirtualService").Count()} virtualservices, {cluster.OfKind("Namespace").Count()} namespaces, {cluster.SharedCredentials.Count} shared certificates");
    }
}
