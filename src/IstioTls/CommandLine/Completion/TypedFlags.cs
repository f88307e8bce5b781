using IstioTls.Cluster;

namespace IstioTls.CommandLine.Completion;

/// <summary>The global flags typed before the word being completed, by long name (a switch as
/// "true"): the kubeconfig, context and connection that value lookups read, as the command
/// would.</summary>
public sealed class TypedFlags(IReadOnlyDictionary<string, string> values)
{
    public static TypedFlags None { get; } = new(new Dictionary<string, string>());

    public string? this[string name] => values.TryGetValue(name, out var value) ? value : null;

    /// <summary>The cluster these flags name, and the request timeout, as <see cref="GlobalFlags"/> reads them; never
    /// verbose, since nothing may reach the terminal while completing.</summary>
    public ClusterOptions ClusterOptions() => new GlobalFlags(
        this["--kubeconfig"], this["--context"], this["--cluster"], this["--user"], Namespace: null, AllNamespaces: false,
        this["--request-timeout"], this["--as"], Contexts: null, AllContexts: false, Color: "never",
        this["--server"], this["--token"], this["--as-group"], this["--as-uid"], this["--certificate-authority"],
        this["--client-certificate"], this["--client-key"], this["--insecure-skip-tls-verify"] is "true", this["--tls-server-name"]).ClusterOptions();
}

/// <summary>Values that come from outside the command line: names in the kubeconfig, objects in
/// the cluster. Called only for the kinds that need it (<see cref="FlagValue.Context"/>,
/// <see cref="FlagValue.Cluster"/>, <see cref="FlagValue.User"/>, <see cref="FlagValue.Namespace"/>,
/// <see cref="FlagValue.Gateway"/>); it never fails: what cannot be read offers nothing.</summary>
public delegate IReadOnlyList<Candidate> ValueLookup(FlagValue kind, TypedFlags typed);
