using System.Text;
using IstioTls.Analysis;
using IstioTls.Documents;
using IstioTls.Model;
using IstioTls.Sources;

namespace IstioTls.Tests.Support;

/// <summary>Compact builders for test manifests, so that each table row reads as the situation
/// it describes.</summary>
public static class Manifests
{
    public static ConfigSnapshot Snapshot(string yaml, string origin = "test.yaml", bool inspectCertificates = false) =>
        Read(yaml, origin, inspectCertificates).Snapshot;

    /// <summary>The snapshot and the objects as read, as merge reads its input.</summary>
    public static (ConfigSnapshot Snapshot, ObjectsAsRead Objects) Read(string yaml, string origin = "test.yaml", bool inspectCertificates = false) =>
        Read([(origin, yaml)], inspectCertificates: inspectCertificates);

    /// <summary>Files (path and text) read as one input, as a source would read them: with an
    /// origin (live: a <see cref="ContextOrigin"/>), the gateway pods listed or not.</summary>
    public static (ConfigSnapshot Snapshot, ObjectsAsRead Objects) Read(
        IEnumerable<(string Path, string Text)> files, SnapshotOrigin? origin = null, bool podsListed = false, bool inspectCertificates = false)
    {
        var objects = new ObjectsAsRead();
        var builder = new SnapshotBuilder(inspectCertificates, objects);
        foreach (var (path, text) in files)
        {
            foreach (var document in ManifestReader.Read(path, Encoding.UTF8.GetBytes(text)))
            {
                builder.AddDocument(document, path);
            }
        }
        if (podsListed)
        {
            builder.PodsListed();
        }
        return (builder.Build(origin), objects);
    }

    /// <summary>A snapshot as a given source would build it: live (a <see cref="ContextOrigin"/>),
    /// with the gateway pods listed or not.</summary>
    public static ConfigSnapshot Snapshot(string yaml, SnapshotOrigin origin, bool podsListed = false, bool inspectCertificates = false) =>
        Read([("test.yaml", yaml)], origin, podsListed, inspectCertificates).Snapshot;

    public static CheckReport Check(string yaml) => Analyzer.Check(Snapshot(yaml));

    /// <summary>Check with <c>--inspect-certs</c>: the Secrets in the YAML are read.</summary>
    public static CheckReport CheckCertificates(string yaml, TimeSpan? expiryWarning = null) =>
        Analyzer.Check(Snapshot(yaml, inspectCertificates: true), new CheckOptions { ExpiryWarning = expiryWarning ?? TimeSpan.FromDays(30) });

    /// <summary>A <c>kubernetes.io/tls</c> Secret with the certificate (and its key, which the
    /// tool must never read) in <c>data</c>; <paramref name="certificateKey"/> "cert" makes
    /// Istio's generic form, null a Secret without certificate.</summary>
    public static string Secret(string key, TestCertificate? certificate, string? certificateKey = "tls.crt")
    {
        var (ns, name) = Split(key);
        var type = certificateKey == "cert" ? "Opaque" : "kubernetes.io/tls";
        var keyName = certificateKey == "cert" ? "key" : "tls.key";
        var data = certificate is null || certificateKey is null
            ? "data: {other: aGVsbG8=}\n"
            : $"data:\n    {certificateKey}: {TestCertificates.Base64(certificate.CertificatePem)}\n    {keyName}: {TestCertificates.Base64(certificate.KeyPem)}\n";
        return $"---\napiVersion: v1\nkind: Secret\nmetadata:\n  name: {name}\n  namespace: {ns}\ntype: {type}\n{data}";
    }

    /// <summary>A Gateway API Gateway; <paramref name="listeners"/> from <see cref="Listener"/>.</summary>
    public static string GatewayApi(string key, string[] listeners, string className = "istio", string apiVersion = "gateway.networking.k8s.io/v1")
    {
        var (ns, name) = Split(key);
        var sb = new StringBuilder();
        sb.Append($"---\napiVersion: {apiVersion}\nkind: Gateway\nmetadata:\n  name: {name}\n  namespace: {ns}\nspec:\n  gatewayClassName: {className}\n  listeners:\n");
        foreach (var listener in listeners)
        {
            sb.Append("  - ").Append(listener).Append('\n');
        }
        return sb.ToString();
    }

    /// <summary>A listener; <paramref name="certificates"/> names Secrets ("name" or "ns/name");
    /// a null hostname leaves it out (all hosts).</summary>
    public static string Listener(string name, int port, string? hostname, string protocol = "HTTPS", string[]? certificates = null, string? mode = null)
    {
        var tls = new List<string>();
        if (mode is not null)
        {
            tls.Add($"mode: {mode}");
        }
        if (certificates is not null)
        {
            tls.Add("certificateRefs: [" + string.Join(", ", certificates.Select(CertificateRef)) + "]");
        }
        var host = hostname is null ? "" : $", hostname: \"{hostname}\"";
        var tlsPart = tls.Count == 0 ? "" : $", tls: {{{string.Join(", ", tls)}}}";
        return $"{{name: {name}, port: {port}, protocol: {protocol}{host}{tlsPart}}}";
    }

    private static string CertificateRef(string secret)
    {
        var slash = secret.IndexOf('/', StringComparison.Ordinal);
        return slash < 0 ? $"{{kind: Secret, name: {secret}}}" : $"{{name: {secret[(slash + 1)..]}, namespace: {secret[..slash]}}}";
    }

    /// <summary>A ReferenceGrant in <paramref name="ns"/> that lets <paramref name="fromKind"/>s
    /// of <paramref name="fromNamespace"/> use its Secrets (one by name, or all).</summary>
    public static string ReferenceGrant(string ns, string fromNamespace, string? secret = null, string fromKind = "Gateway", string apiVersion = "gateway.networking.k8s.io/v1beta1")
    {
        var name = secret is null ? "" : $", name: {secret}";
        return $"---\napiVersion: {apiVersion}\nkind: ReferenceGrant\nmetadata:\n  name: from-{fromNamespace}\n  namespace: {ns}\nspec:\n  from: [{{group: gateway.networking.k8s.io, kind: {fromKind}, namespace: {fromNamespace}}}]\n  to: [{{group: \"\", kind: Secret{name}}}]\n";
    }

    public static string GatewayClass(string name, string controller) =>
        $"---\napiVersion: gateway.networking.k8s.io/v1\nkind: GatewayClass\nmetadata:\n  name: {name}\nspec:\n  controllerName: {controller}\n";

    /// <summary>A Gateway: key "ns/name", selector "k=v,k2=v2" ("" for none).</summary>
    public static string Gateway(string key, string selector, string[] servers, string? created = null, string? ignore = null)
    {
        var (ns, name) = Split(key);
        var sb = new StringBuilder();
        sb.Append("---\napiVersion: networking.istio.io/v1\nkind: Gateway\nmetadata:\n");
        sb.Append($"  name: {name}\n  namespace: {ns}\n");
        if (created is not null)
        {
            sb.Append($"  creationTimestamp: \"{created}\"\n");
        }
        if (ignore is not null)
        {
            sb.Append($"  annotations:\n    istio-tls.io/ignore: \"{ignore}\"\n");
        }
        sb.Append("spec:\n  selector: {").Append(Labels(selector)).Append("}\n  servers:\n");
        foreach (var server in servers)
        {
            sb.Append("  - ").Append(server).Append('\n');
        }
        return sb.ToString();
    }

    /// <summary>An HTTPS server; <paramref name="tls"/> is the inside of the tls block.</summary>
    public static string Server(int port, string hosts, string tls, string protocol = "HTTPS", string? bind = null, string? portName = null)
    {
        var hostList = string.Join(", ", hosts.Split(',').Select(h => $"\"{h}\""));
        var bindPart = bind is null ? "" : $", bind: {bind}";
        var name = portName ?? $"{protocol.ToLowerInvariant()}-{port}";
        var tlsPart = tls.Length == 0 ? "" : $", tls: {{{tls}}}";
        return $"{{port: {{number: {port}, name: {name}, protocol: {protocol}}}, hosts: [{hostList}]{tlsPart}{bindPart}}}";
    }

    public static string Simple(int port, string hosts, string credential = "cert") =>
        Server(port, hosts, $"mode: SIMPLE, credentialName: {credential}");

    public static string Pod(string key, string labels, string? owner = null, string? hash = null)
    {
        var (ns, name) = Split(key);
        var owners = owner is null ? "" : $"\n  ownerReferences: [{{kind: ReplicaSet, name: {owner}, apiVersion: apps/v1, uid: x}}]";
        var all = hash is null ? labels : $"{labels},pod-template-hash={hash}";
        return $"---\napiVersion: v1\nkind: Pod\nmetadata:\n  name: {name}\n  namespace: {ns}\n  labels: {{{Labels(all)}}}{owners}\n";
    }

    public static string Deployment(string key, string labels)
    {
        var (ns, name) = Split(key);
        return $"---\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {name}\n  namespace: {ns}\nspec:\n  template:\n    metadata:\n      labels: {{{Labels(labels)}}}\n";
    }

    /// <summary>An EnvoyFilter: key "ns/name", selector "k=v" (null for none), labels "k=v,k2=v2",
    /// and its <c>configPatches</c> as YAML list items, each starting "- ".</summary>
    public static string EnvoyFilter(string key, string? selector, IEnumerable<string> patches, string labels = "")
    {
        var (ns, name) = Split(key);
        var sb = new StringBuilder();
        sb.Append($"---\napiVersion: networking.istio.io/v1alpha3\nkind: EnvoyFilter\nmetadata:\n  name: {name}\n  namespace: {ns}\n  labels: {{{Labels(labels)}}}\nspec:\n");
        if (selector is not null)
        {
            sb.Append($"  workloadSelector:\n    labels: {{{Labels(selector)}}}\n");
        }
        sb.Append("  configPatches:");
        var any = false;
        foreach (var patch in patches)
        {
            // Indented under configPatches, each line of a block item alike.
            sb.Append('\n').Append(string.Join('\n', patch.Split('\n').Select(line => "  " + line)));
            any = true;
        }
        return sb.Append(any ? "\n" : " []\n").ToString();
    }

    public static string Labels(string selector) =>
        string.Join(", ", selector.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(pair =>
        {
            var eq = pair.IndexOf('=', StringComparison.Ordinal);
            return $"{pair[..eq]}: \"{pair[(eq + 1)..]}\"";
        }));

    private static (string Namespace, string Name) Split(string key)
    {
        var slash = key.IndexOf('/', StringComparison.Ordinal);
        return (key[..slash], key[(slash + 1)..]);
    }

    /// <summary>"Code severity ns/gw#0,ns/gw#1" for each finding, the form the tables expect.</summary>
    public static IReadOnlyList<string> Describe(IEnumerable<Finding> findings) =>
        [.. findings.Select(f => $"{f.Code} {f.Severity.ToName()} {string.Join(",", f.Servers.Select(s => s.Key))}")];

    /// <summary>istioctl's default ingress gateway Service: 443 to the targetPort 8443 Envoy
    /// listens on, in front of the <c>istio: ingressgateway</c> pods.</summary>
    public const string IngressService = """
        ---
        apiVersion: v1
        kind: Service
        metadata: {name: istio-ingressgateway, namespace: istio-system}
        spec:
          selector: {istio: ingressgateway}
          ports:
          - {name: https, port: 443, targetPort: 8443}

        """;

    /// <summary>A Service in front of the ingress pods: Gateway port 443 to a target port named
    /// https, which no pod in the input shows (so 443 stays assumed, on listener 443), and 8443 to
    /// target port 443 (established, on listener 443 too).</summary>
    public const string NamedTargetService = """
        ---
        apiVersion: v1
        kind: Service
        metadata: {name: istio-ingressgateway, namespace: istio-system}
        spec:
          selector: {istio: ingressgateway}
          ports:
          - {name: https, port: 443, targetPort: https}
          - {name: alt, port: 8443, targetPort: 443}

        """;
}
