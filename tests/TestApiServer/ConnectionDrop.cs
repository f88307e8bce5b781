using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Http;

namespace IstioTls.TestApiServer;

/// <summary>
/// Drops the whole TCP connection, not just the request: HttpContext.Abort on HTTP/2 only resets one
/// stream, while a dropped connection also fails every other request multiplexed on it.
/// </summary>
internal static class ConnectionDrop
{
    const string Key = "IstioTls.TestApiServer.Connection";

    public static ConnectionDelegate Remember(ConnectionDelegate next) => connection =>
    {
        connection.Items[Key] = connection;
        return next(connection);
    };

    public static void Abort(HttpContext http)
    {
        if (http.Features.Get<IConnectionItemsFeature>()?.Items.TryGetValue(Key, out var c) == true && c is ConnectionContext connection)
        {
            connection.Abort(new ConnectionAbortedException("dropped by an injected fault"));
        }
        http.Abort();
    }
}
