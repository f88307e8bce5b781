using IstioTls.Application;
using IstioTls.CommandLine;
using IstioTls.Probing;
using IstioTls.Tests.Support;

namespace IstioTls.Tests.Probing;

/// <summary>probe's flags: what they become, and every refusal, as one line and exit 2.</summary>
public class ProbeArgumentsTests
{
    [Theory]
    [InlineData("10.0.0.1", "10.0.0.1", 443)]
    [InlineData("10.0.0.1:8443", "10.0.0.1", 8443)]
    [InlineData("gateway.example.com", "gateway.example.com", 443)]
    [InlineData("gateway.example.com:1", "gateway.example.com", 1)]
    [InlineData("[::1]:8443", "::1", 8443)]
    [InlineData("[::1]", "::1", 443)]
    [InlineData("::1", "::1", 443)]
    public void Addresses(string text, string host, int port)
    {
        Assert.Equal(new ProbeAddress(host, port), ProbeAddress.TryParse(text));
    }

    [Theory]
    [InlineData("")]
    [InlineData(":443")]
    [InlineData("host:")]
    [InlineData("host:0")]
    [InlineData("host:65536")]
    [InlineData("host:https")]
    [InlineData("[::1]8443")]
    [InlineData("[host]:443")]
    [InlineData("https://host")]
    [InlineData("a b")]
    public void Not_addresses(string text)
    {
        Assert.Null(ProbeAddress.TryParse(text));
    }

    [Theory]
    [InlineData(421, 200, ProbeVerdict.Misdirected)]
    [InlineData(421, 421, ProbeVerdict.Misdirected)]
    [InlineData(404, 200, ProbeVerdict.Misrouted)]
    [InlineData(200, 403, ProbeVerdict.Misrouted)]
    [InlineData(200, 200, ProbeVerdict.Served)]
    [InlineData(404, 404, ProbeVerdict.Served)]
    public void Verdicts(int status, int baseline, ProbeVerdict verdict)
    {
        Assert.Equal(verdict, ProbeVerdicts.Of(status, baseline));
    }

    [Fact]
    public void Given_hosts_are_one_group_at_the_address_with_the_options()
    {
        var request = Parse(address: "10.0.0.1:8443", host: ["A.example.com.", "b.example.com", "a.example.com"], path: "/healthz", header: "X-A: 1, 2,X-B: c", timeout: "1m30s", output: "json");

        var given = Assert.IsType<GivenHosts>(request.Targets);
        Assert.Equal(["a.example.com", "b.example.com"], given.Hosts);
        Assert.Equal(new ProbeAddress("10.0.0.1", 8443), given.Address);
        Assert.Equal("/healthz", request.Options.Path);
        Assert.Equal([KeyValuePair.Create("X-A", "1, 2"), KeyValuePair.Create("X-B", "c")], request.Options.Headers);
        Assert.Equal(TimeSpan.FromSeconds(90), request.Options.Timeout);
        Assert.Equal(TlsVerification.System, request.Options.Verification);
        Assert.Equal(Printers.OutputFormat.Json, request.Format);
    }

    [Fact]
    public void Without_hosts_the_cluster_is_read_with_the_samples()
    {
        var request = Parse(sampleHost: ["*.example.com=www.example.com", "*=any.example.org"], namespaceFlag: "web");

        var live = Assert.IsType<FindingHosts>(request.Targets);
        Assert.Equal("web", live.Namespace);
        Assert.Null(live.Address);
        Assert.False(live.PortForward);
        Assert.Equal(new Dictionary<string, string> { ["*.example.com"] = "www.example.com", ["*"] = "any.example.org" }, live.SampleHosts);
    }

    [Fact]
    public void Port_forward_reads_the_cluster_and_tunnels_instead_of_an_address()
    {
        var live = Assert.IsType<FindingHosts>(Parse(portForward: true).Targets);

        Assert.True(live.PortForward);
        Assert.Null(live.Address);
    }

    public static TheoryData<string, string> Refusals => new()
    {
        { "host=a", "--host needs two or more hosts: the probe sends one host's request on the other's connection, not only \"a\"" },
        { "host=*.example.com", "--host: \"*.example.com\" is a wildcard, which no browser asks for: give a name it covers, such as www.example.com" },
        { "host=a_b", "--host takes a DNS name such as www.example.com, not \"a_b\"" },
        { "context", "--host names the hosts and reads no cluster; it cannot be combined with --kubeconfig, --context, --contexts, --all-contexts, --cluster, --user or --as" },
        { "host-and-sample", "--sample-host names hosts for the wildcards of a cluster's Gateways; with --host, give the names themselves" },
        { "sample=www.example.com", "--sample-host takes WILDCARD=NAME (such as '*.example.com=www.example.com'), not \"www.example.com\"" },
        { "sample=*.example.com=a.b.example.com", "--sample-host: *.example.com does not cover \"a.b.example.com\" (a wildcard covers one label)" },
        { "sample=*.example.com=www.example.org", "--sample-host: *.example.com does not cover \"www.example.org\" (a wildcard covers one label)" },
        { "address=https://x", "--address takes HOST or HOST:PORT (an IPv6 address in brackets: [::1]:8443), not \"https://x\"" },
        { "path=healthz", "--path takes a path that starts with /, such as /healthz, not \"healthz\"" },
        { "header=NoColon", "--header takes 'Name: value', not \"NoColon\"" },
        { "header=Host: x", "--header: the probe sets Host itself (the host is the pair's), or HTTP/2 forbids it" },
        { "header=Connection: close", "--header: the probe sets Connection itself (the host is the pair's), or HTTP/2 forbids it" },
        { "timeout=0", "--timeout must be a duration above 0 such as 10s, 1m or 500ms, not \"0\"" },
        { "timeout=10x", "--timeout must be a duration above 0 such as 10s, 1m or 500ms, not \"10x\": unknown unit \"x\"" },
        { "ca-and-insecure", "--certificate-authority and --insecure-skip-tls-verify exclude each other: a CA to verify with, or no verification" },
        { "ca=/no/such/file", "--certificate-authority: cannot read /no/such/file: " },
        { "port-forward-and-address", "--port-forward and --address exclude each other: a tunnel to a gateway pod, or the gateway's address" },
        { "port-forward-and-host", "--port-forward tunnels to the gateway pods of a cluster's findings; with --host, give the gateway's address with --address" },
        { "output=wide-ish", "--output must be table, json or yaml, not \"wide-ish\"" },
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public void Refused(string situation, string message)
    {
        var error = Assert.Throws<UsageException>(() => Parse(situation));
        Assert.StartsWith(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_file_without_certificates_is_refused()
    {
        var file = Path.GetTempFileName();
        try
        {
            File.WriteAllText(file, "not a certificate\n");
            var error = Assert.Throws<UsageException>(() => Parse(certificateAuthority: file, host: ["a", "b"]));
            Assert.Equal($"--certificate-authority: {file} holds no PEM certificate", error.Message);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Theory]
    [InlineData(new[] { "probe", "--host", "a.example.com" }, "error: --host needs two or more hosts")]
    [InlineData(new[] { "probe", "--host", "a", "--host", "b", "--timeout", "soon" }, "error: --timeout must be a duration above 0")]
    [InlineData(new[] { "probe", "--port-forward", "--address", "127.0.0.1:8443" }, "error: --port-forward and --address exclude each other")]
    public void The_CLI_refuses_with_one_line_and_exit_2(string[] args, string start)
    {
        var result = Cli.Run(args);

        Assert.Equal(2, result.ExitCode);
        var line = Assert.Single(result.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith(start, line, StringComparison.Ordinal);
        Assert.Equal("", result.Stdout);
    }

    private static ProbeRequest Parse(string situation)
    {
        var (kind, value) = situation.Split('=', 2) is [var k, var v] ? (k, v) : (situation, "");
        return kind switch
        {
            "host" => Parse(host: [value]),
            "context" => Parse(host: ["a", "b"], context: "prod"),
            "host-and-sample" => Parse(host: ["a", "b"], sampleHost: ["*.example.com=www.example.com"]),
            "sample" => Parse(sampleHost: [value]),
            "address" => Parse(address: value),
            "path" => Parse(path: value),
            "header" => Parse(header: value),
            "timeout" => Parse(timeout: value),
            "ca-and-insecure" => Parse(certificateAuthority: "ca.pem", insecure: true),
            "ca" => Parse(certificateAuthority: value, host: ["a", "b"]),
            "port-forward-and-address" => Parse(portForward: true, address: "127.0.0.1:8443"),
            "port-forward-and-host" => Parse(portForward: true, host: ["a", "b"]),
            "output" => Parse(output: value),
            _ => throw new ArgumentOutOfRangeException(nameof(situation), situation, null),
        };
    }

    private static ProbeRequest Parse(string? address = null, string[]? host = null, string[]? sampleHost = null, string? certificateAuthority = null, bool insecure = false, string path = "/", string? header = null, string timeout = "10s", bool portForward = false, string output = "table", string? context = null, string? namespaceFlag = null) =>
        ProbeArguments.Parse(new GlobalFlags(null, context, null, null, namespaceFlag, false, null, null, null, false, "auto") { CertificateAuthority = certificateAuthority, InsecureSkipTlsVerify = insecure }, address, host, sampleHost, path, header, timeout, portForward, output, false);
}
