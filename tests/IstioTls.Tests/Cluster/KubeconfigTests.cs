using IstioTls.Cluster;
using IstioTls.CommandLine;

namespace IstioTls.Tests.Cluster;

/// <summary>The kubeconfig is found and merged exactly as kubectl does it.</summary>
public class KubeconfigTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("istio-tls-kubeconfig-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Write(string name, string content)
    {
        var path = Path.Combine(_dir, name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
        return path;
    }

    private static string Config(string current, params (string Context, string Cluster, string Server, string? Ca)[] contexts) =>
        $"""
        apiVersion: v1
        kind: Config
        current-context: "{current}"
        clusters:
        {string.Join("\n", contexts.Select(c => $"- name: {c.Cluster}\n  cluster:\n    server: {c.Server}\n" + (c.Ca is null ? "" : $"    certificate-authority: {c.Ca}\n")))}
        users:
        - name: me
          user:
            token: secret
        contexts:
        {string.Join("\n", contexts.Select(c => $"- name: {c.Context}\n  context:\n    cluster: {c.Cluster}\n    user: me\n    namespace: ns-{c.Context}"))}
        """;

    private Func<string, string?> Env(string? kubeconfig, string? home = null) =>
        name => name switch
        {
            "KUBECONFIG" => kubeconfig,
            "HOME" => home ?? _dir,
            _ => null,
        };

    [Fact]
    public void KUBECONFIG_files_merge_with_the_first_value_winning()
    {
        var first = Write("a/config", Config("alpha", ("alpha", "one", "https://one.example:6443", null)));
        var second = Write("b/config", Config("beta", ("alpha", "two", "https://two.example:6443", null), ("beta", "three", "https://three.example:6443", "ca.crt")));

        var kubeconfig = Kubeconfig.Load(null, Env($"{first}{Path.PathSeparator}{second}"));

        Assert.Equal("alpha", kubeconfig.CurrentContext);
        Assert.Equal(["alpha", "beta"], kubeconfig.ContextNames);
        Assert.Equal("https://one.example:6443", kubeconfig.Configuration.Clusters.Single(c => c.Name == "one").ClusterEndpoint.Server);
        Assert.Equal("one", kubeconfig.Configuration.Contexts.Single(c => c.Name == "alpha").ContextDetails.Cluster);
        // A relative path is relative to the file that holds it, not to the first file.
        Assert.Equal(Path.Combine(_dir, "b", "ca.crt"), kubeconfig.Configuration.Clusters.Single(c => c.Name == "three").ClusterEndpoint.CertificateAuthority);
    }

    [Fact]
    public void Missing_files_in_KUBECONFIG_are_skipped()
    {
        var real = Write("config", Config("alpha", ("alpha", "one", "https://one.example:6443", null)));

        var kubeconfig = Kubeconfig.Load(null, Env($"{Path.Combine(_dir, "missing")}{Path.PathSeparator}{real}"));

        Assert.Equal([real], kubeconfig.Files);
    }

    [Fact]
    public void The_kubeconfig_flag_names_one_file_and_KUBECONFIG_is_ignored()
    {
        var flag = Write("flag", Config("flagged", ("flagged", "one", "https://one.example:6443", null)));
        var env = Write("env", Config("other", ("other", "two", "https://two.example:6443", null)));

        var kubeconfig = Kubeconfig.Load(flag, Env(env));

        Assert.Equal(["flagged"], kubeconfig.ContextNames);
    }

    [Fact]
    public void The_default_is_home_kube_config()
    {
        Write(".kube/config", Config("home", ("home", "one", "https://one.example:6443", null)));

        Assert.Equal("home", Kubeconfig.Load(null, Env(null)).CurrentContext);
    }

    public static TheoryData<string, string> Errors => new()
    {
        { "flag", "kubeconfig /nope/config not found (--kubeconfig)" },
        { "env", "no kubeconfig found: none of the files in KUBECONFIG exists (/nope/a:/nope/b)" },
        { "home", "no kubeconfig found: {dir}/.kube/config does not exist; set KUBECONFIG or --kubeconfig, or give manifests with -f" },
    };

    [Theory]
    [MemberData(nameof(Errors))]
    public void A_missing_kubeconfig_is_one_clear_line(string how, string expected)
    {
        var e = Assert.Throws<ClusterException>(() => how switch
        {
            "flag" => Kubeconfig.Load("/nope/config", Env(null)),
            "env" => Kubeconfig.Load(null, Env("/nope/a:/nope/b")),
            _ => Kubeconfig.Load(null, Env(null)),
        });

        Assert.Equal(expected.Replace("{dir}", _dir, StringComparison.Ordinal), e.Message);
    }

    [Fact]
    public void Contexts_are_chosen_by_flag_list_all_or_current()
    {
        var kubeconfig = Kubeconfig.Load(Write("config", Config("b", ("a", "one", "https://one:1", null), ("b", "two", "https://two:2", null), ("c", "three", "https://three:3", null))), Env(null));

        Assert.Equal(["b"], ContextSelection.Resolve(kubeconfig, null, [], false));
        Assert.Equal(["a"], ContextSelection.Resolve(kubeconfig, "a", [], false));
        Assert.Equal(["a", "c"], ContextSelection.Resolve(kubeconfig, null, ["a", "c"], false));
        Assert.Equal(["a", "b", "c"], ContextSelection.Resolve(kubeconfig, null, [], true));
        Assert.Equal("ns-c", ContextSelection.NamespaceOf(kubeconfig, "c"));
        var unknown = Assert.Throws<ClusterException>(() => ContextSelection.Resolve(kubeconfig, "nope", [], false));
        Assert.Equal($"context \"nope\" not found in {Path.Combine(_dir, "config")}", unknown.Message);
        // In a list, a name the kubeconfig lacks fails alone when read: the others are still read.
        Assert.Equal(["a", "nope"], ContextSelection.Resolve(kubeconfig, null, ["a", "nope", "a"], false));
        Assert.Equal($"context \"nope\" not found in {Path.Combine(_dir, "config")}", ContextSelection.Unknown(kubeconfig, "nope"));
        Assert.Null(ContextSelection.Unknown(kubeconfig, "a"));
    }

    [Theory]
    [InlineData("0", null)]
    [InlineData("", null)]
    [InlineData("30", 30_000)]
    [InlineData("30s", 30_000)]
    [InlineData("1m30s", 90_000)]
    [InlineData("2h", 7_200_000)]
    [InlineData("250ms", 250)]
    public void Request_timeouts_read_as_kubectl_reads_them(string text, int? milliseconds) =>
        Assert.Equal(milliseconds is { } ms ? TimeSpan.FromMilliseconds(ms) : null, Durations.RequestTimeout(text));

    [Theory]
    [InlineData("10x")]
    [InlineData("s")]
    [InlineData("1m30")]
    [InlineData("99999999999999h")]
    [InlineData("99999999999999999999")]
    public void Bad_request_timeouts_are_refused(string text) =>
        Assert.StartsWith($"--request-timeout: invalid duration \"{text}\"", Assert.Throws<UsageException>(() => Durations.RequestTimeout(text)).Message, StringComparison.Ordinal);
}
