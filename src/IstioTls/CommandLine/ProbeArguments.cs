using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.RegularExpressions;
using IstioTls.Application;
using IstioTls.Printers;
using IstioTls.Probing;

namespace IstioTls.CommandLine;

/// <summary>What <c>probe</c> was asked to do, read from its flags.</summary>
public sealed record ProbeRequest(ProbeTargets Targets, ProbeOptions Options, OutputFormat Format, bool NoHeaders);

/// <summary>The values of <c>probe</c>'s flags, read or refused with a one-line message.</summary>
public static partial class ProbeArguments
{
    /// <summary>Headers HTTP/2 forbids or that the probe itself sets (RFC 9113 8.2.2).</summary>
    private static readonly string[] ReservedHeaders = ["host", "connection", "keep-alive", "proxy-connection", "transfer-encoding", "upgrade", "te", "content-length"];

    public static ProbeRequest Parse(GlobalFlags flags, string? address, string[]? host, string[]? sampleHost, string path, string? header, string timeout, bool portForward, string output, bool noHeaders)
    {
        // kubectl's --certificate-authority and --insecure-skip-tls-verify verify the server
        // talked to: for probe that is the gateway, so they do not change the API server
        // connection, which keeps the kubeconfig's trust.
        var (certificateAuthority, insecureSkipTlsVerify) = (flags.CertificateAuthority, flags.InsecureSkipTlsVerify);
        flags = flags with { CertificateAuthority = null, InsecureSkipTlsVerify = false };
        var format = OutputFlag.Parse(output);
        var probeAddress = address is null ? null : ProbeAddress.TryParse(address)
            ?? throw new UsageException($"--address takes HOST or HOST:PORT (an IPv6 address in brackets: [::1]:8443), not \"{address}\"");
        if (portForward && probeAddress is not null)
        {
            throw new UsageException("--port-forward and --address exclude each other: a tunnel to a gateway pod, or the gateway's address");
        }
        var options = new ProbeOptions
        {
            Path = Path(path),
            Headers = Headers(header),
            Verification = Verification(certificateAuthority, insecureSkipTlsVerify),
            Timeout = Durations.Timeout(timeout, "--timeout"),
        };
        var hosts = (host ?? []).Select(h => Host(h, "--host")).Distinct(StringComparer.Ordinal).ToList();
        if (hosts.Count > 0)
        {
            if (hosts.Count < 2)
            {
                throw new UsageException($"--host needs two or more hosts: the probe sends one host's request on the other's connection, not only \"{hosts[0]}\"");
            }
            if (portForward)
            {
                throw new UsageException("--port-forward tunnels to the gateway pods of a cluster's findings; with --host, give the gateway's address with --address");
            }
            if (flags.NamesACluster)
            {
                throw new UsageException("--host names the hosts and reads no cluster; it cannot be combined with --kubeconfig, --context, --contexts, --all-contexts, --cluster, --user or --as");
            }
            if (sampleHost is { Length: > 0 })
            {
                throw new UsageException("--sample-host names hosts for the wildcards of a cluster's Gateways; with --host, give the names themselves");
            }
            return new ProbeRequest(new GivenHosts(hosts, probeAddress), options, format, noHeaders);
        }
        return new ProbeRequest(new FindingHosts((ClusterInput)flags.Input(null), flags.ReportNamespace, SampleHosts(sampleHost ?? []), probeAddress, portForward), options, format, noHeaders);
    }

    /// <summary>A name a browser asks for: lower case, no wildcard, no port, no trailing dot.</summary>
    public static string Host(string text, string flag)
    {
        var name = text.Trim().TrimEnd('.').ToLowerInvariant();
        if (name.Contains('*', StringComparison.Ordinal))
        {
            throw new UsageException($"{flag}: \"{text}\" is a wildcard, which no browser asks for: give a name it covers, such as www{name.TrimStart('*')}");
        }
        if (!HostName().IsMatch(name))
        {
            throw new UsageException($"{flag} takes a DNS name such as www.example.com, not \"{text}\"");
        }
        return name;
    }

    /// <summary><c>--sample-host '*.example.com=www.example.com'</c>, repeatable.</summary>
    public static IReadOnlyDictionary<string, string> SampleHosts(IEnumerable<string> values)
    {
        var samples = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var value in values)
        {
            var eq = value.IndexOf('=', StringComparison.Ordinal);
            var wildcard = eq < 0 ? "" : value[..eq].Trim().ToLowerInvariant();
            if (eq < 0 || !(wildcard == "*" || (wildcard.StartsWith("*.", StringComparison.Ordinal) && HostName().IsMatch(wildcard[2..]))))
            {
                throw new UsageException($"--sample-host takes WILDCARD=NAME (such as '*.example.com=www.example.com'), not \"{value}\"");
            }
            var sample = Host(value[(eq + 1)..], "--sample-host");
            if (wildcard != "*" && !(sample.EndsWith(wildcard[1..], StringComparison.Ordinal) && !sample[..^(wildcard.Length - 1)].Contains('.', StringComparison.Ordinal)))
            {
                throw new UsageException($"--sample-host: {wildcard} does not cover \"{sample}\" (a wildcard covers one label)");
            }
            samples[wildcard] = sample;
        }
        return samples;
    }

    private static string Path(string path) =>
        path.StartsWith('/') && !path.Any(char.IsWhiteSpace) && !path.Contains('#', StringComparison.Ordinal)
            ? path
            : throw new UsageException($"--path takes a path that starts with /, such as /healthz, not \"{path}\"");

    /// <summary><c>--header 'Name: value'</c>, repeatable; repeated values arrive joined with commas, so
    /// a comma starts a new header only where a name and a colon follow.</summary>
    public static IReadOnlyList<KeyValuePair<string, string>> Headers(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return [];
        }
        var headers = new List<KeyValuePair<string, string>>();
        foreach (var part in NextHeader().Split(text))
        {
            var colon = part.IndexOf(':', StringComparison.Ordinal);
            var name = colon < 0 ? "" : part[..colon].Trim();
            if (!Token().IsMatch(name))
            {
                throw new UsageException($"--header takes 'Name: value', not \"{part}\"");
            }
            if (ReservedHeaders.Contains(name.ToLowerInvariant()))
            {
                throw new UsageException($"--header: the probe sets {name} itself (the host is the pair's), or HTTP/2 forbids it");
            }
            headers.Add(KeyValuePair.Create(name, part[(colon + 1)..].Trim()));
        }
        return headers;
    }

    /// <summary>kubectl's flags: the system's trust, <c>--certificate-authority FILE</c>, or
    /// <c>--insecure-skip-tls-verify</c>; kubectl refuses the two together, and so does this.</summary>
    private static TlsVerification Verification(string? file, bool insecure)
    {
        if (file is null)
        {
            return insecure ? TlsVerification.Insecure : TlsVerification.System;
        }
        if (insecure)
        {
            throw new UsageException("--certificate-authority and --insecure-skip-tls-verify exclude each other: a CA to verify with, or no verification");
        }
        var certificates = new X509Certificate2Collection();
        try
        {
            certificates.ImportFromPemFile(file);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or CryptographicException)
        {
            throw new UsageException($"--certificate-authority: cannot read {file}: {e.Message}");
        }
        return certificates.Count > 0
            ? new CustomAuthority(certificates, file)
            : throw new UsageException($"--certificate-authority: {file} holds no PEM certificate");
    }

    [GeneratedRegex(@"^[a-z0-9]([a-z0-9-]{0,62})(\.[a-z0-9]([a-z0-9-]{0,62}))*$")]
    private static partial Regex HostName();

    [GeneratedRegex(@"^[!#$%&'*+.^_`|~0-9A-Za-z-]+$")]
    private static partial Regex Token();

    [GeneratedRegex(@",(?=\s*[!#$%&'*+.^_`|~0-9A-Za-z-]+:)")]
    private static partial Regex NextHeader();
}
