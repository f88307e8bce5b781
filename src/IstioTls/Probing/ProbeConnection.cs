using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;

namespace IstioTls.Probing;

/// <summary>
/// One TLS connection to the gateway with a chosen SNI, offering h2 and http/1.1 as a browser
/// does, and the HTTP/2 client that sends every request of this connection over it. The requests
/// go through .NET's own <see cref="SocketsHttpHandler"/>: its <c>ConnectCallback</c> hands it
/// this connection, and refuses a second, so two requests on one <see cref="ProbeConnection"/>
/// are two streams of one connection or a failure, never a quiet reconnect. (With an https URL
/// the handler would pick the SNI from each request's Host and pool a connection per host: the
/// very reuse under test could not happen. So the URL is http, with HTTP/2 spoken directly over
/// the TLS stream this class opened; <c>:scheme</c> then says http.)
/// </summary>
internal sealed class ProbeConnection : IDisposable
{
    private readonly SslStream tls;
    private readonly HttpClient client;
    private readonly X509Certificate2? certificate;
    private readonly ProbeOptions options;
    private int connects;

    private ProbeConnection(SslStream tls, ProbeOptions options)
    {
        this.tls = tls;
        this.options = options;
        certificate = tls.RemoteCertificate is { } remote ? new X509Certificate2(remote) : null;
        var handler = new SocketsHttpHandler
        {
            ConnectCallback = (_, _) => Interlocked.Increment(ref connects) == 1
                ? ValueTask.FromResult<Stream>(tls)
                : ValueTask.FromException<Stream>(new ProbeException("the gateway closed the connection")),
            UseProxy = false,
            UseCookies = false,
            AllowAutoRedirect = false,
            AutomaticDecompression = DecompressionMethods.None,
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
            PooledConnectionIdleTimeout = Timeout.InfiniteTimeSpan,
        };
        client = new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
    }

    /// <summary>The protocol the gateway chose by ALPN ("h2", "http/1.1", or "" for none).</summary>
    public string Protocol => tls.NegotiatedApplicationProtocol.ToString();

    public bool IsHttp2 => tls.NegotiatedApplicationProtocol == SslApplicationProtocol.Http2;

    /// <summary>Whether the certificate the gateway sent names <paramref name="host"/> (a DNS name
    /// or a one-label wildcard; browsers ignore the common name): only then do browsers reuse the
    /// connection for it.</summary>
    public bool Covers(string host) => certificate is not null && certificate.MatchesHostname(host, allowWildcards: true, allowCommonName: false);

    public static async Task<ProbeConnection> OpenAsync(ProbeGroup group, string sni, ProbeOptions options, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(options.Timeout);
        var stream = group.Tunnel is { } tunnel
            ? await TunnelAsync(tunnel, options, cancellationToken, deadline.Token).ConfigureAwait(false)
            : await ConnectAsync(group.AddressFor(sni), options, cancellationToken, deadline.Token).ConfigureAwait(false);
        var tls = new SslStream(stream, leaveInnerStreamOpen: false);
        var check = new CertificateCheck(options.Verification, sni);
        try
        {
            await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
            {
                TargetHost = sni,
                ApplicationProtocols = [SslApplicationProtocol.Http2, SslApplicationProtocol.Http11],
                RemoteCertificateValidationCallback = check.Validate,
                CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
            }, deadline.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is AuthenticationException or IOException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            await tls.DisposeAsync().ConfigureAwait(false);
            var why = check.Refusal
                ?? (e is OperationCanceledException ? $"no answer within {Durations(options.Timeout)}" : Innermost(e));
            throw new ProbeException($"TLS with SNI {sni}: {why}");
        }
        return new ProbeConnection(tls, options);
    }

    private static async Task<Stream> ConnectAsync(ProbeAddress address, ProbeOptions options, CancellationToken cancellationToken, CancellationToken deadline)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(address.Host, address.Port, deadline).ConfigureAwait(false);
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            socket.Dispose();
            throw new ProbeException($"connect to {address}: {(e is OperationCanceledException ? $"no answer within {Durations(options.Timeout)}" : e.Message)}");
        }
        return new NetworkStream(socket, ownsSocket: true);
    }

    private static async Task<Stream> TunnelAsync(IGatewayTunnel tunnel, ProbeOptions options, CancellationToken cancellationToken, CancellationToken deadline)
    {
        try
        {
            return await tunnel.OpenAsync(deadline).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            throw new ProbeException(e is OperationCanceledException ? $"{tunnel.Target}: no answer within {Durations(options.Timeout)}" : e.Message);
        }
    }

    /// <summary>A GET of the probe's path with <paramref name="authority"/> as <c>:authority</c>:
    /// its status.</summary>
    public async Task<int> GetAsync(string authority, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(options.Timeout);
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri("http://probe.invalid" + options.Path))
        {
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };
        request.Headers.Host = authority;
        foreach (var (name, value) in options.Headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }
        try
        {
            // The headers are the answer; disposing the response resets a body not yet read.
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, deadline.Token).ConfigureAwait(false);
            return (int)response.StatusCode;
        }
        catch (Exception e) when (e is HttpRequestException or IOException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            throw new ProbeException($"GET {options.Path} for {authority}: {(e is OperationCanceledException ? $"no answer within {Durations(options.Timeout)}" : Innermost(e))}");
        }
    }

    /// <summary>The message that says what went wrong: .NET wraps it in "An error occurred while sending the request".</summary>
    private static string Innermost(Exception e)
    {
        var inner = e;
        while (inner.InnerException is not null && inner is not ProbeException)
        {
            inner = inner.InnerException;
        }
        return inner.Message.TrimEnd('.');
    }

    private static string Durations(TimeSpan timeout) => timeout.TotalSeconds >= 1 && timeout.TotalSeconds % 1 == 0 ? $"{timeout.TotalSeconds}s" : $"{timeout.TotalMilliseconds}ms";

    public void Dispose()
    {
        client.Dispose();
        tls.Dispose();
        certificate?.Dispose();
    }
}
