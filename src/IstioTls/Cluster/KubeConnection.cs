using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.WebSockets;
using System.Security.Authentication;
using System.Text;
using System.Text.Json.Nodes;

namespace IstioTls.Cluster;

/// <summary>
/// Requests to one kubeconfig context's API server. KubernetesClient.Aot builds the TLS setup
/// and the credentials (token, client certificate, exec plugins); this class sends raw requests
/// with them, so that list responses stream into the model without typed client objects. It
/// retries what the API server asks to be retried (429 with Retry-After, 5xx and dropped
/// connections on reads) within the request timeout, and turns every failure into one line.
/// </summary>
public sealed class KubeConnection : IDisposable
{
    private const int MaxAttempts = 6;
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(8);

    private readonly ApiServerClient _client;
    private readonly Impersonation _impersonation;
    private readonly TimeSpan? _requestTimeout;
    private readonly RequestTrace _trace;

    private KubeConnection(string context, ApiServerClient client, Impersonation impersonation, TimeSpan? requestTimeout, RequestTrace trace, Uri server, string? user)
    {
        Context = context;
        _client = client;
        _impersonation = impersonation;
        _requestTimeout = requestTimeout;
        _trace = trace;
        Server = server;
        User = user;
    }

    public string Context { get; }

    public Uri Server { get; }

    public string? User { get; }

    /// <summary>Waits between retries; tests replace it to run without sleeping.</summary>
    public Func<TimeSpan, CancellationToken, Task> Delay { get; init; } = Task.Delay;

    public static KubeConnection Open(Kubeconfig kubeconfig, string context, ClusterOptions options)
    {
        var configuration = kubeconfig.ClientConfiguration(context, options);
        var impersonation = Impersonation.Of(kubeconfig, context, options);
        ApiServerClient client;
        try
        {
            client = ApiServerClient.Create(configuration);
        }
        catch (Exception e) when (e is IOException or System.Security.Cryptography.CryptographicException or UriFormatException or FormatException)
        {
            throw new ClusterException($"context \"{context}\": {e.Message}");
        }
        return new KubeConnection(context, client, impersonation, options.RequestTimeout, RequestTrace.At(options.Verbosity), client.Server, kubeconfig.UserOf(context, options));
    }

    public void Dispose() => _client.Dispose();

    /// <summary>GET a path and parse the JSON answer; null when the server answers 404.</summary>
    public async Task<JsonNode?> GetJsonAsync(string path, CancellationToken cancellationToken, string? accept = null)
    {
        using var response = await SendAsync(HttpMethod.Get, path, null, cancellationToken, accept).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
        await EnsureSuccessAsync(response, "get", path, cancellationToken).ConfigureAwait(false);
        return await ReadJsonAsync(response, path, cancellationToken).ConfigureAwait(false);
    }

    public async Task<JsonNode?> ReadJsonAsync(HttpResponseMessage response, string path, CancellationToken cancellationToken)
    {
        try
        {
            await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            // Objects may nest as deep as files may (an EnvoyFilter's patch value is free-form);
            // System.Text.Json's default stops at 64 levels.
            return await JsonNode.ParseAsync(stream, documentOptions: new System.Text.Json.JsonDocumentOptions { MaxDepth = Documents.DocumentLimits.MaxDepth + 8 }, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (System.Text.Json.JsonException e)
        {
            var message = e.Message;
            var cut = message.IndexOf(" Path:", StringComparison.Ordinal) is var p and > 0 ? p : message.IndexOf(" LineNumber:", StringComparison.Ordinal);
            var position = e.BytePositionInLine is { } b && e.LineNumber is { } l ? $" (line {l + 1}, byte {b + 1})" : "";
            throw new ClusterException($"context \"{Context}\": {path}: the server's answer is not JSON{position}: {(cut > 0 ? message[..cut] : message).TrimEnd('.', ' ', '|')}");
        }
        catch (HttpRequestException e)
        {
            throw Unreachable(e);
        }
    }

    /// <summary>Sends one request, retrying 429 (always: the server did not act), and 5xx or a
    /// dropped connection on reads, with exponential backoff that honours Retry-After. The
    /// caller disposes the response and checks its status.</summary>
    public async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, Func<HttpContent>? content, CancellationToken cancellationToken, string? accept = null)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        if (_requestTimeout is { } timeout)
        {
            deadline.CancelAfter(timeout);
        }
        var backoff = TimeSpan.FromMilliseconds(200);
        var started = Stopwatch.GetTimestamp();
        for (var attempt = 1; ; attempt++)
        {
            HttpResponseMessage? response = null;
            Exception? failure = null;
            try
            {
                using var request = new HttpRequestMessage(method, new Uri(Server, path.TrimStart('/')));
                request.Headers.Accept.ParseAdd(accept ?? "application/json");
                request.Headers.UserAgent.ParseAdd("kubectl-istio-tls");
                if (_client.TlsServerName is { } tlsServerName)
                {
                    request.Headers.Host = Server.IsDefaultPort ? tlsServerName : $"{tlsServerName}:{Server.Port}";
                }
                _impersonation.AddTo(request.Headers);
                request.Content = content?.Invoke();
                request.Headers.Authorization = await _client.AuthorizationAsync(deadline.Token).ConfigureAwait(false);
                var sent = _trace.Start(request);
                try
                {
                    response = await _client.Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, deadline.Token).ConfigureAwait(false);
                }
                catch (Exception) when (_trace.Failed(request, sent))
                {
                    // Failed logs and never catches: the handlers below deal with the failure.
                    throw;
                }
                _trace.Answered(request, response, sent);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw new ClusterException($"context \"{Context}\": {method} {path}: no answer within the request timeout ({Duration(_requestTimeout)})");
            }
            catch (HttpRequestException e) when (e.InnerException is AuthenticationException || e.HttpRequestError == HttpRequestError.SecureConnectionError)
            {
                throw new ClusterException($"context \"{Context}\": TLS handshake with {Server} failed: {Innermost(e).Message}");
            }
            catch (HttpRequestException e)
            {
                failure = e;
            }
            catch (Exception e) when (e is k8s.Exceptions.KubeConfigException or k8s.Exceptions.KubernetesClientException)
            {
                // Exec credential plugins fail here (missing binary, bad output).
                throw new ClusterException($"context \"{Context}\": getting credentials failed: {e.Message}");
            }

            // A refused connection or an unknown name fails the same way on retry: say so at once.
            var retryable = response is null
                ? method == HttpMethod.Get && Cause((HttpRequestException)failure!) is null
                : response.StatusCode == HttpStatusCode.TooManyRequests
                  || (method == HttpMethod.Get && (int)response.StatusCode is 500 or 502 or 503 or 504);
            if (!retryable || attempt == MaxAttempts)
            {
                if (response is not null)
                {
                    return response;
                }
                throw Unreachable((HttpRequestException)failure!);
            }
            var wait = RetryAfter(response) ?? backoff;
            response?.Dispose();
            backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, MaxBackoff.Ticks));
            try
            {
                await Delay(wait, deadline.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw new ClusterException($"context \"{Context}\": {method} {path}: still failing after {Stopwatch.GetElapsedTime(started).TotalSeconds:0.#}s, the request timeout ({Duration(_requestTimeout)})");
            }
        }
    }

    /// <summary>Opens a WebSocket on <paramref name="path"/> (a pod's <c>portforward</c>) with this
    /// context's TLS settings, credentials and impersonation: the upgrade goes through the same
    /// handler as every other request. A refused upgrade is one line, as <see cref="Failure"/> writes it.</summary>
    internal async Task<WebSocket> OpenWebSocketAsync(string path, string subProtocol, string verb, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        if (_requestTimeout is { } timeout)
        {
            deadline.CancelAfter(timeout);
        }
        var socket = new ClientWebSocket();
        socket.Options.AddSubProtocol(subProtocol);
        socket.Options.CollectHttpResponseDetails = true;
        socket.Options.SetRequestHeader("User-Agent", "kubectl-istio-tls");
        if (_client.TlsServerName is { } tlsServerName)
        {
            socket.Options.SetRequestHeader("Host", Server.IsDefaultPort ? tlsServerName : $"{tlsServerName}:{Server.Port}");
        }
        foreach (var (name, value) in _impersonation.Headers)
        {
            socket.Options.SetRequestHeader(name, value);
        }
        var uri = new UriBuilder(new Uri(Server, path.TrimStart('/'))) { Scheme = Server.Scheme == Uri.UriSchemeHttp ? "ws" : "wss" }.Uri;
        try
        {
            if (await _client.AuthorizationAsync(deadline.Token).ConfigureAwait(false) is { } authorization)
            {
                socket.Options.SetRequestHeader("Authorization", authorization.ToString());
            }
            await socket.ConnectAsync(uri, _client.Http, deadline.Token).ConfigureAwait(false);
            return socket;
        }
        catch (Exception e) when (e is WebSocketException or HttpRequestException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            var status = socket.HttpStatusCode;
            socket.Dispose();
            if (e is OperationCanceledException)
            {
                throw new ClusterException($"context \"{Context}\": {verb} {path}: no answer within the request timeout ({Duration(_requestTimeout)})");
            }
            if (status is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
            {
                throw Failure(ApiStatus.From(status, ""), verb, path);
            }
            if (status != 0 && status != HttpStatusCode.SwitchingProtocols)
            {
                throw new ClusterException($"context \"{Context}\": {verb} {path}: the server answered {(int)status} {status} instead of a WebSocket", (int)status);
            }
            throw e is HttpRequestException http ? Unreachable(http) : new ClusterException($"context \"{Context}\": {verb} {path}: {Innermost(e).Message}");
        }
        catch (Exception e) when (e is k8s.Exceptions.KubeConfigException or k8s.Exceptions.KubernetesClientException)
        {
            socket.Dispose();
            throw new ClusterException($"context \"{Context}\": getting credentials failed: {e.Message}");
        }
    }

    /// <summary>Turns an error answer into one line that names the context, the verb and the
    /// resource, as kubectl's messages do.</summary>
    public async Task EnsureSuccessAsync(HttpResponseMessage response, string verb, string path, CancellationToken cancellationToken)
    {
        if (response.IsSuccessStatusCode)
        {
            return;
        }
        var status = ApiStatus.From(response.StatusCode, await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false));
        throw Failure(status, verb, path);
    }

    public ClusterException Failure(ApiStatus status, string verb, string path) => status.Code switch
    {
        HttpStatusCode.Unauthorized => new ClusterException($"context \"{Context}\": unauthorized (401): the server rejected the credentials of user \"{User}\"", 401),
        HttpStatusCode.Forbidden => new ClusterException($"context \"{Context}\": forbidden (403): {status.Message ?? $"cannot {verb} {path}"}", 403),
        HttpStatusCode.Conflict => new ConflictException($"context \"{Context}\": conflict (409): {status.Message ?? path}"),
        _ => new ClusterException($"context \"{Context}\": {verb} {path}: {status}", (int)status.Code),
    };

    private ClusterException Unreachable(HttpRequestException e) =>
        new($"context \"{Context}\": cannot reach {Server}: {(Cause(e) is { } cause ? $"{cause} ({Innermost(e).Message})" : Innermost(e).Message)}");

    /// <summary>The cause of a failure that no retry mends, in a word; null for failures that a
    /// retry may mend (a dropped connection, a reset).</summary>
    private static string? Cause(HttpRequestException e) =>
        e.HttpRequestError == HttpRequestError.NameResolutionError || Innermost(e) is System.Net.Sockets.SocketException { SocketErrorCode: System.Net.Sockets.SocketError.HostNotFound or System.Net.Sockets.SocketError.NoData }
            ? "DNS lookup failed"
            : Innermost(e) is System.Net.Sockets.SocketException { SocketErrorCode: System.Net.Sockets.SocketError.ConnectionRefused }
                ? "connection refused"
                : null;

    /// <summary>A duration as kubectl's flags write it: <c>4s</c>, <c>1m30s</c>, <c>250ms</c>.</summary>
    internal static string Duration(TimeSpan? duration)
    {
        if (duration is not { } d)
        {
            return "none";
        }
        var text = new StringBuilder();
        if (d.Days > 0 || d.Hours > 0)
        {
            text.Append((long)d.TotalHours).Append('h');
        }
        if (d.Minutes > 0)
        {
            text.Append(d.Minutes).Append('m');
        }
        if (d.Seconds > 0)
        {
            text.Append(d.Seconds).Append('s');
        }
        if (d.Milliseconds > 0)
        {
            text.Append(d.Milliseconds).Append("ms");
        }
        return text.Length > 0 ? text.ToString() : "0s";
    }

    private static Exception Innermost(Exception e)
    {
        while (e.InnerException is not null)
        {
            e = e.InnerException;
        }
        return e;
    }

    private static TimeSpan? RetryAfter(HttpResponseMessage? response)
    {
        if (response?.Headers.RetryAfter is not RetryConditionHeaderValue retryAfter)
        {
            return null;
        }
        if (retryAfter.Delta is { } delta)
        {
            return delta;
        }
        return retryAfter.Date is { } date ? date - DateTimeOffset.UtcNow : null;
    }
}
