using IstioTls.Analysis;
using IstioTls.Cluster;
using IstioTls.Documents;
using IstioTls.Model;
using IstioTls.Sources;

namespace IstioTls.Application;

/// <summary>
/// Reads the objects a command works on: manifest files, or the clusters of one or more kubeconfig
/// contexts, concurrently (platform teams run many clusters; a context that fails does not stop
/// the others). Which Secrets to read for <c>--inspect-certs</c> is the analysis's answer, handed
/// to the cluster source.
/// </summary>
public static class InputLoader
{
    /// <param name="inspectCertificates">Also read the Secrets the servers reference (<c>--inspect-certs</c>).</param>
    /// <param name="keepObjects">Keep the objects whole, for plans that write them back (merge).</param>
    public static async Task<IReadOnlyList<InputRead>> LoadAsync(InputSelection input, CancellationToken cancellationToken, bool inspectCertificates = false, bool keepObjects = false)
    {
        if (input is ManifestInput files)
        {
            var objects = keepObjects ? new ObjectsAsRead() : null;
            return [new SnapshotRead(ManifestFiles.Load(files.Paths, inspectCertificates: inspectCertificates, keep: objects), objects)];
        }
        var cluster = (ClusterInput)input;
        var kubeconfig = Kubeconfig.Load(cluster.Cluster.Kubeconfig, Environment.GetEnvironmentVariable, cluster.Cluster.Server is not null);
        var contexts = ContextSelection.Resolve(kubeconfig, cluster.Cluster.Context, cluster.Contexts, cluster.AllContexts, Kubeconfig.FlagsOnly(cluster.Cluster));
        var reads = SameTargets(kubeconfig, contexts, cluster.Cluster).Select(async same =>
        {
            var context = same[0];
            if (context != Kubeconfig.FlagsOnly(cluster.Cluster) && ContextSelection.Unknown(kubeconfig, context) is { } unknown)
            {
                return (IReadOnlyList<InputRead>)[new FailedRead(new ContextOrigin(context), unknown)];
            }
            try
            {
                using var connection = KubeConnection.Open(kubeconfig, context, cluster.Cluster);
                var objects = keepObjects ? new ObjectsAsRead() : null;
                var snapshot = await ClusterReader.ReadAsync(connection, ContextSelection.NamespaceOf(kubeconfig, context), cancellationToken, inspectCertificates ? SecretsToRead : null, objects, [.. same.Skip(1)]).ConfigureAwait(false);
                return [new SnapshotRead(snapshot, objects)];
            }
            catch (ClusterException e)
            {
                // Each context of the read failed with it: none of them was checked.
                return [.. same.Select(c => new FailedRead(new ContextOrigin(c), e.Message))];
            }
        });
        return [.. (await Task.WhenAll(reads).ConfigureAwait(false)).SelectMany(r => r)];
    }

    /// <summary>The contexts in groups that see the same objects (<see cref="ReadTarget"/>),
    /// each read once through its first context, in the order asked for. A context whose
    /// target is unknown (not in the kubeconfig, no server) is a group of its own and fails alone.</summary>
    private static IEnumerable<IReadOnlyList<string>> SameTargets(Kubeconfig kubeconfig, IReadOnlyList<string> contexts, ClusterOptions options)
    {
        var groups = new List<(ReadTarget? Target, List<string> Contexts)>();
        foreach (var context in contexts)
        {
            var target = ReadTarget.Of(kubeconfig, context, options);
            var same = target is null ? -1 : groups.FindIndex(g => g.Target == target);
            if (same < 0)
            {
                groups.Add((target, [context]));
            }
            else
            {
                groups[same].Contexts.Add(context);
            }
        }
        return groups.Select(g => (IReadOnlyList<string>)g.Contexts);
    }

    /// <summary>The one input a plan works on (merge, apply-421): the context it would write to,
    /// with its connection, or files, which have none.</summary>
    public static async Task<(KubeConnection? Connection, SnapshotRead Read)> ReadForPlanAsync(InputSelection input, CancellationToken cancellationToken, bool keepObjects)
    {
        if (input is ClusterInput cluster)
        {
            return await OpenForWritesAsync(cluster, cancellationToken).ConfigureAwait(false);
        }
        return (null, (SnapshotRead)(await LoadAsync(input, cancellationToken, keepObjects: keepObjects).ConfigureAwait(false)).Single());
    }

    /// <summary>One context to write to (merge, apply-421): its connection and what it holds now,
    /// with the objects as read. Writes go to one cluster at a time.</summary>
    public static async Task<(KubeConnection Connection, SnapshotRead Read)> OpenForWritesAsync(ClusterInput cluster, CancellationToken cancellationToken)
    {
        var kubeconfig = Kubeconfig.Load(cluster.Cluster.Kubeconfig, Environment.GetEnvironmentVariable, cluster.Cluster.Server is not null);
        var context = ContextSelection.Resolve(kubeconfig, cluster.Cluster.Context, [], false, Kubeconfig.FlagsOnly(cluster.Cluster))[0];
        var connection = KubeConnection.Open(kubeconfig, context, cluster.Cluster);
        try
        {
            var objects = new ObjectsAsRead();
            var snapshot = await ClusterReader.ReadAsync(connection, ContextSelection.NamespaceOf(kubeconfig, context), cancellationToken, keep: objects).ConfigureAwait(false);
            return (connection, new SnapshotRead(snapshot, objects));
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    // Secrets whose namespace nobody knows (no gateway pod tells it) cannot be read.
    private static IEnumerable<(string Namespace, string Name)> SecretsToRead(ConfigSnapshot snapshot) =>
        CertificateCatalog.Referenced(snapshot).Where(r => r.Namespace is not null).Select(r => (r.Namespace!, r.Name));
}
