using System.Text.Json.Nodes;
using IstioTls.Model;
using IstioTls.Sources;

namespace IstioTls.Cluster;

/// <summary>
/// <c>--inspect-certs</c> on a cluster: gets exactly the Secrets that servers reference, by name,
/// a few at a time, and keeps only their certificate (see <see cref="SecretDecoder"/>). A Secret
/// that cannot be read (forbidden, missing, not a certificate) is recorded with the reason, for
/// one warning; it never fails the run.
/// </summary>
internal static class SecretReader
{
    private const int Parallel = 4;

    public static async Task<IReadOnlyList<TlsSecret>> ReadAsync(KubeConnection connection, IEnumerable<(string Namespace, string Name)> secrets, SourceLocation source, CancellationToken cancellationToken)
    {
        using var limit = new SemaphoreSlim(Parallel);
        var reads = secrets.Select(async secret =>
        {
            await limit.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                return await ReadOneAsync(connection, secret.Namespace, secret.Name, source, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                limit.Release();
            }
        }).ToList();
        return await Task.WhenAll(reads).ConfigureAwait(false);
    }

    private static async Task<TlsSecret> ReadOneAsync(KubeConnection connection, string ns, string name, SourceLocation source, CancellationToken cancellationToken)
    {
        var path = $"/api/v1/namespaces/{Uri.EscapeDataString(ns)}/secrets/{Uri.EscapeDataString(name)}";
        JsonNode? node;
        try
        {
            node = await connection.GetJsonAsync(path, cancellationToken).ConfigureAwait(false);
        }
        catch (ClusterException e)
        {
            var reason = e.StatusCode == 403 ? "forbidden (403)" : WithoutContext(e.Message, connection.Context);
            return new TlsSecret(ns, name, null, $"cannot be read: {reason}", source);
        }
        if (node is not JsonObject secret)
        {
            return new TlsSecret(ns, name, null, "does not exist", source);
        }
        try
        {
            return SecretDecoder.Decode(secret, source);
        }
        catch (DecodeException e)
        {
            return new TlsSecret(ns, name, null, $"cannot be read: {e.Message}", source);
        }
    }

    private static string WithoutContext(string message, string context)
    {
        var prefix = $"context \"{context}\": ";
        return message.StartsWith(prefix, StringComparison.Ordinal) ? message[prefix.Length..] : message;
    }
}
