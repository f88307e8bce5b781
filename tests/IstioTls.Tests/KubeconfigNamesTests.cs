using IstioTls.Sources;

namespace IstioTls.Tests;

public sealed class KubeconfigNamesTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("kubeconfig-names-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    public static TheoryData<string, string?, string?, string[]> PathCases => new()
    {
        { "--kubeconfig names one file, whatever KUBECONFIG says", "/x/flag.yaml", "/x/a:/x/b", ["/x/flag.yaml"] },
        { "KUBECONFIG is a path list; empty entries and repeats are dropped", null, "/x/a::/x/b:/x/a", ["/x/a", "/x/b"] },
        { "else ~/.kube/config", null, null, ["/home/u/.kube/config"] },
        { "an empty KUBECONFIG counts as unset", "", "", ["/home/u/.kube/config"] },
    };

    [Theory]
    [MemberData(nameof(PathCases))]
    public void Finds_the_files_as_kubectl_does(string situation, string? flag, string? kubeconfigVariable, string[] expected)
    {
        var paths = KubeconfigNames.Paths(flag, name => name == "KUBECONFIG" ? kubeconfigVariable : null, "/home/u");

        Assert.True(expected.SequenceEqual(paths), $"{situation}: got [{string.Join(", ", paths)}]");
    }

    [Fact]
    public void Merges_names_of_every_file_in_order_each_once()
    {
        var first = Write("first.yaml", """
            apiVersion: v1
            kind: Config
            current-context: prod
            contexts:
            - name: prod
              context: {cluster: prod, user: admin}
            - name: 1234
              context: {cluster: prod, user: admin}
            clusters:
            - name: prod
              cluster: {server: "https://127.0.0.1:6443"}
            users:
            - name: admin
              user: {token: secret}
            """);
        var second = Write("second.yaml", """
            contexts:
            - name: dev
              context: {cluster: dev, user: dev}
            - name: prod
              context: {cluster: other, user: other}
            - context: {cluster: nameless}
            """);

        var names = KubeconfigNames.Read([first, second]);

        Assert.Equal(["prod", "1234", "dev"], names.Contexts);
        Assert.Equal(["prod"], names.Clusters);
        Assert.Equal(["admin"], names.Users);
    }

    [Fact]
    public void Missing_unreadable_and_odd_files_add_no_names_and_no_error()
    {
        var broken = Write("broken.yaml", "contexts: [unclosed\n");
        var odd = Write("odd.yaml", "contexts: {name: not-a-list}\n");
        var good = Write("good.yaml", "contexts:\n- name: ok\n");

        var names = KubeconfigNames.Read([Path.Combine(_dir, "missing.yaml"), broken, odd, _dir, good]);

        Assert.Equal(["ok"], names.Contexts);
    }

    private string Write(string name, string text)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, text);
        return path;
    }
}
