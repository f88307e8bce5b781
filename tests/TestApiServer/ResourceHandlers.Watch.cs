using System.Buffers;
using System.Globalization;
using System.Threading.Channels;

namespace IstioTls.TestApiServer;

/// <summary>
/// watch=true: a stream of {"type":...,"object":...} lines until timeoutSeconds or the client leaves.
/// There is no event history: a watch from a resourceVersion sees changes made after it starts;
/// without one (or with "0") it first gets every current object as ADDED, like the real server.
/// </summary>
internal sealed partial class ResourceHandlers
{
    static readonly byte[] TypePrefix = "{\"type\":\""u8.ToArray();
    static readonly byte[] ObjectPrefix = "\",\"object\":"u8.ToArray();
    static readonly byte[] EventSuffix = "}\n"u8.ToArray();

    async Task WatchAsync(Call call)
    {
        var labels = LabelSelector.Parse(call.Query("labelSelector"));
        var fields = FieldSelector.Parse(call.Query("fieldSelector"));
        var timeout = TimeSpan.FromMinutes(30);
        if (call.Query("timeoutSeconds") is { Length: > 0 } t && int.TryParse(t, CultureInfo.InvariantCulture, out var seconds) && seconds >= 0)
        {
            timeout = TimeSpan.FromSeconds(seconds);
        }
        var ns = call.Type.Namespaced ? call.Info.Namespace : null;
        var replay = call.Query("resourceVersion") is null or "" or "0";
        var channel = Channel.CreateUnbounded<WatchEvent>(new UnboundedChannelOptions { SingleReader = true });
        using var subscription = store.Watch(call.Type, channel.Writer, replay);

        var response = call.Http.Response;
        response.StatusCode = 200;
        response.ContentType = Responses.JsonType;
        await response.StartAsync(call.Http.RequestAborted).ConfigureAwait(false);
        // Send the headers now, as the real server does: a client may wait for them before it changes anything.
        await response.Body.FlushAsync(call.Http.RequestAborted).ConfigureAwait(false);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(call.Http.RequestAborted);
        deadline.CancelAfter(timeout);
        var apiVersion = call.ApiVersion;
        var asTable = WantsTable(call.Http);
        var includeObject = call.Query("includeObject") ?? "Metadata";
        var first = true;
        try
        {
            await foreach (var e in channel.Reader.ReadAllAsync(deadline.Token).ConfigureAwait(false))
            {
                if ((ns is not null && e.Object.Namespace != ns) || !labels.Matches(e.Object.Labels) || !fields.Matches(e.Object))
                {
                    continue;
                }
                var body = response.BodyWriter;
                body.Write(TypePrefix.AsSpan());
                body.Write(System.Text.Encoding.UTF8.GetBytes(e.Type).AsSpan());
                body.Write(ObjectPrefix.AsSpan());
                body.Write((asTable ? TableEvent(call, e.Object, includeObject, ref first) : e.Object.Utf8For(apiVersion)).AsSpan());
                body.Write(EventSuffix.AsSpan());
                await body.FlushAsync(deadline.Token).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (!call.Http.RequestAborted.IsCancellationRequested)
        {
            // timeoutSeconds ran out: end the stream normally, the client starts a new watch.
        }
    }

    // kubectl get -w asks for Tables; like the real server, only the first one carries the columns.
    static byte[] TableEvent(Call call, StoredObject obj, string includeObject, ref bool first)
    {
        var table = TableConverter.Convert(call.Type, call.Info.Version, [obj], obj.ResourceVersion, null, null, includeObject);
        if (!first)
        {
            table["columnDefinitions"] = null;
        }
        first = false;
        return Json.ToUtf8(table);
    }
}
