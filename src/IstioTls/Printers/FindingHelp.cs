using IstioTls.Analysis;

namespace IstioTls.Printers;

/// <summary>What each finding code means and how to fix it, for reports that describe their rules
/// (SARIF's <c>tool.driver.rules</c>); the README's "What it checks" says the same at length.</summary>
public sealed record FindingHelp(string Code, Severity DefaultSeverity, string Summary, string Help)
{
    public const string Homepage = "https://github.com/istio-tls/kubectl-istio-tls";

    /// <summary>Where the README explains the codes.</summary>
    public const string HelpUri = Homepage + "#what-it-checks";

    public static readonly IReadOnlyList<FindingHelp> All =
    [
        new(FindingCodes.SharedCertificate, Severity.Error,
            "Servers on one gateway workload and port share a TLS certificate",
            "Two or more different servers (in one Gateway or several) terminate TLS on the same gateway workload and port with the same certificate. Browsers reuse the HTTP/2 connection of one server for the hosts of the other and get 404 from Envoy. Fix: merge the servers into one server of the oldest Gateway (kubectl istio-tls merge), or answer 421 to misdirected requests (kubectl istio-tls apply-421)."),
        new(FindingCodes.PossibleSharedCertificate, Severity.Info,
            "Servers of Gateways with nested selectors share a TLS certificate",
            "As SharedCertificate, across Gateways whose selectors are nested (one a subset of the other), when nothing in the input tells whether they reach the same gateway pods. Add the gateway Pods or Deployments to the input, or check against the cluster, to know."),
        new(FindingCodes.DuplicateHost, Severity.Error,
            "A TLS server lists a host an older server on the same gateway workload and listener lists",
            "istiod keeps the older server and drops the other one, with all its hosts. Fix: list each host in one server only."),
        new(FindingCodes.ListenerRejected, Severity.Error,
            "Two filter chains of one Envoy listener match the same SNI name",
            "istiod compares hosts as written, so ns1/a.com and ns2/a.com (or a host whose bind it forgot) both get a filter chain for SNI a.com. Envoy rejects the whole listener: every host on it fails. Fix: list the host in one server only on that listener."),
        new(FindingCodes.UnmatchedMisdirectedFilter, Severity.Error,
            "A precise 421 filter matches no Envoy listener of its workload",
            "Its listener portNumber is not a port Envoy listens on (Envoy listens on the gateway Service's targetPort, 8443 for 443 on istioctl's default gateway), so it answers 421 to nothing and browsers still get 404. Fix: run kubectl istio-tls apply-421 --mode precise again."),
        new(FindingCodes.SeedMisdirectedFilter, Severity.Warning,
            "An EnvoyFilter carries the widely copied 421 Lua snippet",
            "The snippet's wildcard branch is dead, it matches hosts as Lua patterns and substrings, and it answers 421 between hosts of one server. Fix: replace it with kubectl istio-tls apply-421."),
        new(FindingCodes.StaleMisdirectedFilter, Severity.Warning,
            "A precise 421 filter was generated from other hosts than its workload has now",
            "The filter's host table no longer matches the Gateways of its workload. Fix: run kubectl istio-tls apply-421 again."),
        new(FindingCodes.UnneededMisdirectedFilter, Severity.Info,
            "A strict 421 filter is left on a workload whose servers no longer share a certificate",
            "It answers 421 whenever the host is not the SNI host, so every reused connection costs browsers a reconnect. Fix: delete it (kubectl istio-tls apply-421 --delete)."),
        new(FindingCodes.CoveringCertificate, Severity.Error,
            "A server's certificate covers a host of another server on the same workload and port",
            "With --inspect-certs: a wildcard, or the same names in another Secret, lets browsers reuse the first server's connection for a host it does not serve, and get 404. Fix: merge the servers, or give them certificates that do not overlap."),
        new(FindingCodes.CertificateExpired, Severity.Error,
            "A server presents an expired certificate",
            "With --inspect-certs: browsers refuse the connection. Fix: renew the certificate in its Secret."),
        new(FindingCodes.CertificateExpiring, Severity.Warning,
            "A server presents a certificate that expires soon",
            "With --inspect-certs: the certificate expires within --expiry-warning (default 30d). Fix: renew it in its Secret."),
        new(FindingCodes.HostNotCovered, Severity.Warning,
            "A server lists a host that its own certificate does not cover",
            "With --inspect-certs: browsers refuse that host whatever the routing. Fix: add the host to the certificate, or remove it from the server."),
    ];
}
