namespace IstioTls.TestApiServer.Tests;

/// <summary>
/// One server shared by the read-only kubectl tests of a class: the Istio example, a Gateway API Gateway,
/// gateways in namespaces a, b and c, a limited user, and an exec credential user.
/// </summary>
public sealed class SeededServerFixture : IAsyncLifetime
{
    readonly TempDir _dir = new();

    public TestApiServer Server { get; private set; } = null!;
    public string KubeconfigPath { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var options = new TestApiServerOptions().WithIstioExample();
        options.SeedObjects.Add(Manifests.Parse(Seeds.GatewayApiExample)[0]);
        foreach (var ns in new[] { "a", "b", "c" })
        {
            options.SeedObjects.Add(Seeds.Gateway(ns, $"gw-{ns}"));
        }
        options.SeedObjects.Add(Manifests.Parse("""
            apiVersion: v1
            kind: Secret
            metadata: {name: s, namespace: a}
            type: Opaque
            data: {tls.crt: Y2VydA==}
            """)[0]);
        Server = await TestApiServer.StartAsync(options);

        var limited = Server.Users.AddTokenUser("limited", "limited-token", AccessPolicy.DenyAll()
            .Allow("get,list", "networking.istio.io", "gateways,virtualservices", "a", "b")
            .Allow("get,list", "", "namespaces"));
        Server.Kubeconfig.AddUserContext("limited", limited);

        Server.Users.AddTokenUser("exec-user", "exec-token");
        Server.Users.AddTokenUser("exec-beta-user", "exec-beta-token");
        Server.Kubeconfig.AddExecContext("exec", "exec-user", WriteExecPlugin("exec-v1.sh", "client.authentication.k8s.io/v1", "exec-token"),
            apiVersion: "client.authentication.k8s.io/v1");
        Server.Kubeconfig.AddExecContext("exec-beta", "exec-beta-user", WriteExecPlugin("exec-beta.sh", "client.authentication.k8s.io/v1beta1", "exec-beta-token"),
            apiVersion: "client.authentication.k8s.io/v1beta1");
        KubeconfigPath = Server.WriteKubeconfig(_dir.File("kubeconfig"));
    }

    string WriteExecPlugin(string name, string apiVersion, string token)
    {
        var path = _dir.Write(name, $$$"""
            #!/bin/sh
            # An exec credential plugin, as kubectl runs one: print an ExecCredential with a token.
            echo "$KUBERNETES_EXEC_INFO" > "$0.info"
            cat <<'JSON'
            {"apiVersion":"{{{apiVersion}}}","kind":"ExecCredential","status":{"token":"{{{token}}}"}}
            JSON
            """);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
        return path;
    }

    public async Task DisposeAsync()
    {
        await Server.DisposeAsync();
        _dir.Dispose();
    }
}
