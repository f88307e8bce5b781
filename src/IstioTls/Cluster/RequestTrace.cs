using System.Diagnostics;
using System.Globalization;

namespace IstioTls.Cluster;

/// <summary>
/// kubectl's <c>-v</c> for the requests this tool sends, on stderr in klog's line form
/// (<c>I1202 05:37:05.388085   5444 istio-tls] GET URL 200 OK in 2 milliseconds</c>): from 6 one
/// line per request, from 7 the request and response headers too, the Authorization header's
/// credentials masked as kubectl masks them. Lines of concurrent requests (several contexts)
/// are written whole.
/// </summary>
public sealed class RequestTrace
{
    private static readonly Lock Gate = new();
    private static readonly RequestTrace Off = new(0);

    private readonly int _verbosity;

    private RequestTrace(int verbosity) => _verbosity = verbosity;

    /// <summary>Where the lines go; null: stderr as it is when a line is written.</summary>
    public static TextWriter? Output { get; set; }

    public static RequestTrace At(int verbosity) => verbosity >= 6 ? new RequestTrace(verbosity) : Off;

    private bool Headers => _verbosity >= 7;

    /// <summary>Logs the request (headers from 7) and returns when it was sent.</summary>
    internal long Start(HttpRequestMessage request)
    {
        if (Headers)
        {
            var lines = new List<string> { $"{request.Method} {request.RequestUri}", "Request Headers:" };
            lines.AddRange(HeaderLines(request.Headers.Concat(request.Content?.Headers ?? Enumerable.Empty<KeyValuePair<string, IEnumerable<string>>>())));
            Write(lines);
        }
        return Stopwatch.GetTimestamp();
    }

    internal void Answered(HttpRequestMessage request, HttpResponseMessage response, long sent)
    {
        if (_verbosity < 6)
        {
            return;
        }
        var status = $"{(int)response.StatusCode} {response.ReasonPhrase}";
        var elapsed = Milliseconds(sent);
        if (!Headers)
        {
            Write([$"{request.Method} {request.RequestUri} {status} in {elapsed} milliseconds"]);
            return;
        }
        var lines = new List<string> { $"Response Status: {status} in {elapsed} milliseconds", "Response Headers:" };
        lines.AddRange(HeaderLines(response.Headers.Concat(response.Content.Headers)));
        Write(lines);
    }

    /// <summary>A request that got no answer, logged as kubectl logs it (no status); always false,
    /// for use as an exception filter that lets the exception go on.</summary>
    internal bool Failed(HttpRequestMessage request, long sent)
    {
        if (_verbosity >= 6)
        {
            Write([Headers ? $"Response Status:  in {Milliseconds(sent)} milliseconds" : $"{request.Method} {request.RequestUri}  in {Milliseconds(sent)} milliseconds"]);
        }
        return false;
    }

    private static long Milliseconds(long since) => (long)Stopwatch.GetElapsedTime(since).TotalMilliseconds;

    private static IEnumerable<string> HeaderLines(IEnumerable<KeyValuePair<string, IEnumerable<string>>> headers) =>
        headers.SelectMany(h => h.Value.Select(v => $"    {h.Key}: {Masked(h.Key, v)}"));

    /// <summary>kubectl's masking: the scheme stays, the credential goes.</summary>
    internal static string Masked(string header, string value)
    {
        if (!header.Equals("Authorization", StringComparison.OrdinalIgnoreCase))
        {
            return value;
        }
        var space = value.IndexOf(' ', StringComparison.Ordinal);
        return space > 0 ? $"{value[..space]} <masked>" : "<masked>";
    }

    private static void Write(IEnumerable<string> lines)
    {
        var now = DateTime.UtcNow;
        var prefix = string.Create(CultureInfo.InvariantCulture, $"I{now:MMdd HH:mm:ss.ffffff} {Environment.ProcessId,7} istio-tls] ");
        lock (Gate)
        {
            var output = Output ?? Console.Error;
            foreach (var line in lines)
            {
                output.WriteLine(prefix + line);
            }
            output.Flush();
        }
    }
}
