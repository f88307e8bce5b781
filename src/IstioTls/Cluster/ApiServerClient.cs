using System.Net.Http.Headers;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using k8s;

namespace IstioTls.Cluster;

/// <summary>
/// The HTTP client for one context, built from KubernetesClient's configuration (which reads the
/// kubeconfig and runs exec credential plugins) without KubernetesClient's typed API client,
/// whose serializers for every Kubernetes type would quintuple the size of the binary.
/// </summary>
internal sealed class ApiServerClient : IDisposable
{
    private readonly KubernetesClientConfiguration _configuration;

    private ApiServerClient(KubernetesClientConfiguration configuration, HttpClient http)
    {
        _configuration = configuration;
        Http = http;
    }

    public HttpClient Http { get; }

    public Uri Server => Http.BaseAddress!;

    /// <summary>tls-server-name: SocketsHttpHandler takes the TLS name (SNI and the certificate
    /// check) from the Host header, so a request that must be checked against another name than
    /// the server's host carries it there; the API server does not route on Host.</summary>
    public string? TlsServerName => string.IsNullOrEmpty(_configuration.TlsServerName) ? null : _configuration.TlsServerName;

    public static ApiServerClient Create(KubernetesClientConfiguration configuration)
    {
        if (string.IsNullOrEmpty(configuration.Host))
        {
            throw new ClusterException("the cluster has no server address");
        }
        var handler = new SocketsHttpHandler
        {
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            AutomaticDecompression = System.Net.DecompressionMethods.All,
        };
        handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, chain, errors) =>
            configuration.SkipTlsVerify || Trusted(configuration.SslCaCerts, certificate, chain, errors);
        if (ClientCertificate(configuration) is { } clientCertificate)
        {
            handler.SslOptions.ClientCertificates = [clientCertificate];
        }
        var http = new HttpClient(handler, disposeHandler: true)
        {
            BaseAddress = new Uri(configuration.Host.TrimEnd('/') + "/"),
            Timeout = Timeout.InfiniteTimeSpan,
            DefaultRequestVersion = System.Net.HttpVersion.Version20,
            DefaultVersionPolicy = HttpVersionPolicy.RequestVersionOrLower,
        };
        return new ApiServerClient(configuration, http);
    }

    /// <summary>The Authorization header for the next request: exec plugins and token files are
    /// asked each time (they cache and refresh), static tokens and basic auth are fixed.</summary>
    public async Task<AuthenticationHeaderValue?> AuthorizationAsync(CancellationToken cancellationToken)
    {
        if (_configuration.TokenProvider is { } provider)
        {
            return await provider.GetAuthenticationHeaderAsync(cancellationToken).ConfigureAwait(false);
        }
        if (!string.IsNullOrEmpty(_configuration.AccessToken))
        {
            return new AuthenticationHeaderValue("Bearer", _configuration.AccessToken);
        }
        if (!string.IsNullOrEmpty(_configuration.Username))
        {
            var basic = Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"{_configuration.Username}:{_configuration.Password}"));
            return new AuthenticationHeaderValue("Basic", basic);
        }
        return null;
    }

    public void Dispose() => Http.Dispose();

    // The cluster's CA from the kubeconfig is the trust anchor when given; otherwise the
    // system's trust store decides, as in kubectl.
    private static bool Trusted(X509Certificate2Collection? authorities, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        if (authorities is not { Count: > 0 })
        {
            return errors == SslPolicyErrors.None;
        }
        if (certificate is null || (errors & SslPolicyErrors.RemoteCertificateNotAvailable) != 0 || (errors & SslPolicyErrors.RemoteCertificateNameMismatch) != 0)
        {
            return false;
        }
        using var custom = new X509Chain();
        custom.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        custom.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        custom.ChainPolicy.CustomTrustStore.AddRange(authorities);
        if (chain is not null)
        {
            foreach (var element in chain.ChainElements)
            {
                custom.ChainPolicy.ExtraStore.Add(element.Certificate);
            }
        }
        return custom.Build(certificate as X509Certificate2 ?? X509CertificateLoader.LoadCertificate(certificate.GetRawCertData()));
    }

    private static X509Certificate2? ClientCertificate(KubernetesClientConfiguration configuration)
    {
        string? certificate = null;
        string? key = null;
        if (!string.IsNullOrEmpty(configuration.ClientCertificateData))
        {
            certificate = System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(configuration.ClientCertificateData));
        }
        else if (!string.IsNullOrEmpty(configuration.ClientCertificateFilePath))
        {
            certificate = File.ReadAllText(configuration.ClientCertificateFilePath);
        }
        if (!string.IsNullOrEmpty(configuration.ClientCertificateKeyData))
        {
            key = System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(configuration.ClientCertificateKeyData));
        }
        else if (!string.IsNullOrEmpty(configuration.ClientKeyFilePath))
        {
            key = File.ReadAllText(configuration.ClientKeyFilePath);
        }
        if (certificate is null || key is null)
        {
            return null;
        }
        using var ephemeral = X509Certificate2.CreateFromPem(certificate, key);
        // SslStream on some platforms needs the key in a persisted form: round-trip through PKCS#12.
        return X509CertificateLoader.LoadPkcs12(ephemeral.Export(X509ContentType.Pkcs12), null);
    }
}
