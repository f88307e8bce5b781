using IstioTls.Model;

namespace IstioTls.Analysis;

/// <summary>
/// The certificates in the Secrets a snapshot holds (<c>--inspect-certs</c>), found the way istiod
/// finds them: a server's Secret lives in the namespace of its gateway workload (a Gateway API
/// reference names its own). Offline, where no Pod or Deployment tells that namespace, a Secret
/// name held in exactly one namespace of the input is taken to be that one.
/// </summary>
public sealed class CertificateCatalog
{
    /// <summary>No certificates inspected: servers are compared by Secret name only.</summary>
    public static readonly CertificateCatalog None = new([], inspected: false, guessNamespace: false);

    private readonly Dictionary<string, TlsSecret> _byKey = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<TlsSecret>> _byName = new(StringComparer.Ordinal);
    private readonly bool _guessNamespace;

    private CertificateCatalog(IEnumerable<TlsSecret> secrets, bool inspected, bool guessNamespace)
    {
        Inspected = inspected;
        _guessNamespace = guessNamespace;
        foreach (var secret in secrets)
        {
            if (_byKey.TryAdd(secret.Key, secret))
            {
                if (!_byName.TryGetValue(secret.Name, out var list))
                {
                    _byName[secret.Name] = list = [];
                }
                list.Add(secret);
            }
        }
    }

    public bool Inspected { get; }

    public static CertificateCatalog For(ConfigSnapshot snapshot) =>
        snapshot.CertificatesInspected ? new CertificateCatalog(snapshot.Secrets, inspected: true, guessNamespace: snapshot.Context is null) : None;

    /// <summary>The Secret a reference resolves to, or null.</summary>
    public TlsSecret? Find(string? ns, string name)
    {
        if (ns is not null)
        {
            return _byKey.GetValueOrDefault($"{ns}/{name}");
        }
        return _guessNamespace && _byName.TryGetValue(name, out var candidates) && candidates.Count == 1 ? candidates[0] : null;
    }

    /// <summary>What the servers of one gateway workload present.</summary>
    public ServerCertificates For(WorkloadGroup group) => new(group.Namespace, this);

    /// <summary>
    /// The Secrets that terminating servers reference, each in the namespace of its gateway
    /// workload where known (null where not): what the cluster source reads for
    /// <c>--inspect-certs</c>, and nothing else.
    /// </summary>
    public static IReadOnlyList<(string? Namespace, string Name)> Referenced(ConfigSnapshot snapshot) => Referenced(WorkloadGroups.Resolve(snapshot));

    public static IReadOnlyList<(string? Namespace, string Name)> Referenced(WorkloadGroups groups)
    {
        var referenced = new SortedSet<(string? Namespace, string Name)>(Comparer<(string?, string)>.Create((a, b) =>
            string.CompareOrdinal(a.Item1, b.Item1) is var c and not 0 ? c : string.CompareOrdinal(a.Item2, b.Item2)));
        foreach (var group in groups.Where(g => !g.Possible))
        {
            foreach (var server in group.Gateways.SelectMany(g => g.Servers).Where(s => s.TerminatesHttps))
            {
                foreach (var identity in CertificateIdentity.Of(server).Where(i => !CertificateIdentity.IsFile(i)))
                {
                    referenced.Add(CertificateIdentity.Secret(identity, group.Namespace));
                }
            }
        }
        return [.. referenced];
    }

    /// <summary>One warning per referenced Secret whose certificate is not known: servers that use
    /// it fall back to being compared by Secret name.</summary>
    public IReadOnlyList<string> Warnings(ConfigSnapshot snapshot, WorkloadGroups groups)
    {
        if (!Inspected)
        {
            return [];
        }
        var prefix = snapshot.Context is null ? "" : $"context \"{snapshot.Context}\": ";
        const string fallback = "servers that use it are compared by Secret name";
        var warnings = new List<string>();
        var unlocated = new List<string>();
        foreach (var (ns, name) in Referenced(groups))
        {
            var secret = Find(ns, name);
            if (secret?.Certificate is not null)
            {
                continue;
            }
            if (secret?.Problem is { } problem)
            {
                warnings.Add($"{prefix}--inspect-certs: Secret {secret.Key} {problem}; {fallback}");
            }
            else if (ns is not null)
            {
                warnings.Add($"{prefix}--inspect-certs: Secret {ns}/{name} is not in the input; {fallback}");
            }
            else if (snapshot.Context is null)
            {
                var where = _byName.TryGetValue(name, out var several) ? $"is in several namespaces of the input ({string.Join(", ", several.Select(s => s.Namespace).Order(StringComparer.Ordinal))})" : "is not in the input";
                warnings.Add($"--inspect-certs: Secret {name} {where}, and no Pod or Deployment in the input tells the namespace of its gateway workload; {fallback}");
            }
            else
            {
                unlocated.Add(name);
            }
        }
        if (unlocated.Count > 0)
        {
            warnings.Add($"{prefix}--inspect-certs: no gateway pod tells the namespace of Secret{(unlocated.Count == 1 ? "" : "s")} {string.Join(", ", unlocated)} (pods cannot be listed, or none matches the Gateway's selector); servers that use {(unlocated.Count == 1 ? "it" : "them")} are compared by Secret name");
        }
        return warnings;
    }
}
