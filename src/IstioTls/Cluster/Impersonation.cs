using System.Net.Http.Headers;

namespace IstioTls.Cluster;

/// <summary>
/// Who the requests act as: <c>--as</c>, <c>--as-group</c> and <c>--as-uid</c>, else the
/// kubeconfig user's <c>as</c> and <c>as-groups</c>, sent as the Impersonate-* headers.
/// Groups or a UID without a user to impersonate are refused, as client-go refuses them.
/// </summary>
internal sealed record Impersonation(string? User, IReadOnlyList<string> Groups, string? Uid)
{
    public static Impersonation Of(Kubeconfig kubeconfig, string context, ClusterOptions options)
    {
        var (configuredUser, configuredGroups) = kubeconfig.ImpersonationOf(context, options);
        var user = options.Impersonate ?? configuredUser;
        var groups = options.ImpersonateGroups.Count > 0 ? options.ImpersonateGroups : configuredGroups;
        if (user is null && (groups.Count > 0 || options.ImpersonateUid is not null))
        {
            throw new ClusterException($"context \"{context}\": --as-group and --as-uid need --as: groups or a UID cannot be requested without impersonating a user");
        }
        return new Impersonation(user, groups, options.ImpersonateUid);
    }

    public void AddTo(HttpRequestHeaders headers)
    {
        foreach (var (name, value) in Headers)
        {
            headers.Add(name, value);
        }
    }

    /// <summary>The Impersonate-* headers, for requests not built as <see cref="HttpRequestMessage"/> (a WebSocket's upgrade).</summary>
    public IEnumerable<(string Name, string Value)> Headers
    {
        get
        {
            if (User is null)
            {
                yield break;
            }
            yield return ("Impersonate-User", User);
            if (Uid is not null)
            {
                yield return ("Impersonate-Uid", Uid);
            }
            foreach (var group in Groups)
            {
                yield return ("Impersonate-Group", group);
            }
        }
    }
}
