using System.Diagnostics;
using Microsoft.AspNetCore.Http;

namespace IstioTls.TestApiServer;

/// <summary>
/// One request, in kube-apiserver's order: authenticate, then injected faults (where priority-and-fairness
/// would throttle), then authorize, then serve. Every request ends up in the log.
/// </summary>
internal sealed class RequestPipeline(
    Authentication authentication,
    FaultInjector faults,
    RequestLog log,
    ResourceHandlers resources,
    NonResourceHandlers nonResources,
    AdminEndpoints admin,
    PortForwarding portForwarding,
    ObjectStore store)
{
    public async Task InvokeAsync(HttpContext http)
    {
        var started = Stopwatch.GetTimestamp();
        var path = http.Request.Path.Value ?? "/";
        var query = http.Request.Query;
        var info = RequestInfo.Parse(http.Request.Method, path, query["watch"] is var w && (w == "true" || w == "1"));
        var userName = "system:anonymous";
        string? fault = null;
        var status = 0;
        http.Response.Headers["Audit-Id"] = Guid.NewGuid().ToString();
        http.Response.Headers.CacheControl = "no-cache, private";
        try
        {
            if (faults.Latency > TimeSpan.Zero)
            {
                await Task.Delay(faults.Latency, http.RequestAborted).ConfigureAwait(false);
            }
            var user = authentication.Authenticate(http) ?? throw ApiErrors.Unauthorized();
            user = authentication.Impersonate(http, user);
            userName = user.Name;

            if (path.StartsWith(AdminEndpoints.Prefix, StringComparison.Ordinal))
            {
                await admin.HandleAsync(http, user, path).ConfigureAwait(false);
                return;
            }

            foreach (var rule in faults.Fire(info, !string.IsNullOrEmpty(query["continue"])))
            {
                fault = rule.Kind.ToString();
                switch (rule.Kind)
                {
                    case FaultKind.Delay:
                        await Task.Delay(rule.Delay, http.RequestAborted).ConfigureAwait(false);
                        break;
                    case FaultKind.DropConnection:
                        ConnectionDrop.Abort(http);
                        return;
                    case FaultKind.TooManyRequests:
                        throw ApiErrors.TooManyRequests(rule.RetryAfterSeconds);
                    case FaultKind.ExpiredContinue:
                        throw ApiErrors.Expired();
                    case FaultKind.Body:
                        http.Response.ContentType = "application/json";
                        await http.Response.WriteAsync(rule.Body, http.RequestAborted).ConfigureAwait(false);
                        return;
                    default:
                        throw ApiErrors.ForStatusCode(rule.StatusCode);
                }
            }

            if (info is { IsResourceRequest: true, Group: "", Resource: "pods", Subresource: "portforward" })
            {
                // kube-apiserver authorizes the WebSocket's GET as create, as kubectl's POST:
                // port-forward needs create on pods/portforward.
                if (!user.Access.IsAllowed(new AccessRequest(user.Name, "create", "", "pods/portforward", info.Namespace, info.Name)))
                {
                    throw ApiErrors.Forbidden(user.Name, "create", "", "pods/portforward", info.Namespace, info.Name);
                }
                await portForwarding.HandleAsync(http, info, store).ConfigureAwait(false);
            }
            else if (info.IsResourceRequest)
            {
                if (!user.Access.IsAllowed(new AccessRequest(user.Name, info.Verb, info.Group, info.Resource, info.Namespace, info.Name)))
                {
                    throw ApiErrors.Forbidden(user.Name, info.Verb, info.Group, info.Resource, info.Namespace, info.Name);
                }
                await resources.HandleAsync(http, info, user).ConfigureAwait(false);
            }
            else
            {
                await nonResources.HandleAsync(http, path).ConfigureAwait(false);
            }
        }
        catch (ApiException e) when (!http.Response.HasStarted)
        {
            await Responses.WriteErrorAsync(http, e).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (http.RequestAborted.IsCancellationRequested)
        {
            // The client went away; nothing to answer.
        }
        catch (Exception e) when (!http.Response.HasStarted && e is not OperationCanceledException)
        {
            await Responses.WriteErrorAsync(http, ApiErrors.InternalError(e.Message)).ConfigureAwait(false);
        }
        finally
        {
            status = fault == nameof(FaultKind.DropConnection) ? 0 : http.Response.StatusCode;
            log.Add(new RequestRecord(
                DateTimeOffset.UtcNow,
                http.Request.Method,
                path,
                http.Request.QueryString.HasValue ? http.Request.QueryString.Value![1..] : "",
                userName,
                status,
                info.IsResourceRequest ? info.Verb : null,
                info.IsResourceRequest ? info.Group : null,
                info.IsResourceRequest ? info.Resource : null,
                info.Namespace,
                info.Name,
                Stopwatch.GetElapsedTime(started),
                fault,
                http.Connection.Id));
        }
    }
}
