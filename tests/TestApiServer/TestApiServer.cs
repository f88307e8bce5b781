using System.Net;
using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace IstioTls.TestApiServer;

/// <summary>
/// A local stand-in for kube-apiserver: HTTPS on 127.0.0.1, token and client-certificate users,
/// discovery, the common verbs, fault injection and a request log. Start one per test (or class).
/// </summary>
public sealed class TestApiServer : IAsyncDisposable
{
    readonly WebApplication _app;

    TestApiServer(WebApplication app, TestApiServerOptions options, ResourceCatalog catalog, ObjectStore store, UserRegistry users,
        FaultInjector faults, RequestLog requests, CertificateAuthority serverCa, CertificateAuthority clientCa)
    {
        _app = app;
        Options = options;
        Catalog = catalog;
        Store = store;
        Users = users;
        Faults = faults;
        Requests = requests;
        ServerCa = serverCa;
        ClientCa = clientCa;
    }

    public TestApiServerOptions Options { get; }
    public ResourceCatalog Catalog { get; }
    public ObjectStore Store { get; }
    public UserRegistry Users { get; }
    public FaultInjector Faults { get; }
    public RequestLog Requests { get; }

    /// <summary>Where port-forward connects for each pod port (pods/portforward over WebSocket).</summary>
    public PortForwarding PortForwarding { get; } = new();

    /// <summary>Signs the serving certificate; this is the kubeconfig's certificate-authority-data.</summary>
    public CertificateAuthority ServerCa { get; }

    /// <summary>Signs client certificates; any certificate it issued authenticates.</summary>
    public CertificateAuthority ClientCa { get; }

    /// <summary>https://127.0.0.1:PORT/</summary>
    public Uri BaseAddress { get; private set; } = null!;

    public int Port => BaseAddress.Port;

    /// <summary>Contexts and users of the kubeconfig <see cref="WriteKubeconfig"/> writes; add more before writing.</summary>
    public Kubeconfig Kubeconfig { get; private set; } = null!;

    public TestUser Admin => Users["admin"]!;

    /// <summary>Seed objects of kinds the server does not serve, left out ("ClusterRole name").</summary>
    public IReadOnlyList<string> SkippedSeeds { get; private set; } = [];

    public static async Task<TestApiServer> StartAsync(TestApiServerOptions options, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var catalog = new ResourceCatalog(options);
        var store = new ObjectStore();
        var skipped = new List<string>();
        foreach (var path in options.SeedPaths)
        {
            // A manifest folder may hold kinds the server does not serve (RBAC objects): skip
            // them, and say so, rather than refuse the whole seed.
            var objects = Manifests.Load(path);
            skipped.AddRange(objects.Where(o => !ObjectStore.Serves(o)).Select(o => $"{Json.String(o, "kind")} {Json.MetaString(o, "name")}"));
            store.PutRange(objects.Where(ObjectStore.Serves));
        }
        if (options.Generate is not null)
        {
            store.PutRange(ClusterGenerator.Generate(options.Generate).Objects);
        }
        store.PutRange(options.SeedObjects);
        if (options.DeploymentController)
        {
            store.PutRange(DeploymentController.PodsFor([.. store.List("apps", "deployments"), .. store.List("gateway.networking.k8s.io", "gateways")]));
        }

        var serverCa = CertificateAuthority.Create("test-apiserver-ca");
        var clientCa = CertificateAuthority.Create("test-apiserver-client-ca");
        var serverCert = serverCa.IssueServerCertificate(["localhost"], [IPAddress.Loopback]);
        var users = new UserRegistry(clientCa);
        users.AddTokenUser("admin", options.AdminToken, null, "system:masters");
        users.AddCertificateUser("cert-admin", null, "system:masters");
        var faults = new FaultInjector();
        var requests = new RequestLog(options.RequestLogCapacity);

        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            ApplicationName = typeof(TestApiServer).Assembly.GetName().Name,
            ContentRootPath = AppContext.BaseDirectory,
            Args = [],
        });
        builder.Logging.ClearProviders();
        builder.Services.Configure<HostOptions>(h => h.ShutdownTimeout = TimeSpan.FromSeconds(3));
        builder.WebHost.UseKestrelHttpsConfiguration();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = 256L * 1024 * 1024;
            kestrel.Listen(IPAddress.Loopback, options.Port, listen =>
            {
                listen.Protocols = HttpProtocols.Http1AndHttp2;
                listen.Use(ConnectionDrop.Remember);
                listen.UseHttps(new HttpsConnectionAdapterOptions
                {
                    ServerCertificate = serverCert,
                    SslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13,
                    // Asked for at the handshake and checked per request against the client CA, so token users need none.
                    ClientCertificateMode = ClientCertificateMode.AllowCertificate,
                    ClientCertificateValidation = (_, _, _) => true,
                });
            });
        });
        var app = builder.Build();
        var server = new TestApiServer(app, options, catalog, store, users, faults, requests, serverCa, clientCa) { SkippedSeeds = skipped };

        // The address is only known once Kestrel has bound, but discovery needs it: build the handlers lazily.
        RequestPipeline? pipeline = null;
        app.UseWebSockets();
        app.Run(http => pipeline!.InvokeAsync(http));
        await app.StartAsync(ct).ConfigureAwait(false);

        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server.BaseAddress = new Uri(new Uri(address).GetLeftPart(UriPartial.Authority) + "/");
        pipeline = new RequestPipeline(
            new Authentication(users, clientCa),
            faults,
            requests,
            new ResourceHandlers(catalog, store),
            new NonResourceHandlers(catalog, options.KubernetesVersion, $"127.0.0.1:{server.Port}", options.AggregatedDiscovery),
            new AdminEndpoints(faults, requests, store),
            server.PortForwarding,
            store);
        server.Kubeconfig = new Kubeconfig(server.BaseAddress, serverCa.CertificatePem)
            .AddUserContext("test", users["admin"]!)
            .AddUserContext("test-cert", users["cert-admin"]!);
        return server;
    }

    /// <summary>Writes the kubeconfig (contexts test and test-cert, plus any added) and returns its full path.</summary>
    public string WriteKubeconfig(string path) => Kubeconfig.Write(path);

    /// <summary>An HttpClient that trusts the server and authenticates as <paramref name="userName"/> (token or certificate).</summary>
    public HttpClient CreateHttpClient(string userName = "admin", Version? httpVersion = null)
    {
        var user = Users[userName] ?? throw new ArgumentException($"no user {userName}", nameof(userName));
        var handler = new SocketsHttpHandler
        {
            SslOptions = new SslClientAuthenticationOptions
            {
                RemoteCertificateValidationCallback = (_, cert, _, _) => cert is X509Certificate2 c && ServerCa.Issued(c),
            },
        };
        if (user.ClientCertificate is { } cc)
        {
            handler.SslOptions.ClientCertificates = [cc.Certificate];
        }
        var client = new HttpClient(handler) { BaseAddress = BaseAddress };
        if (httpVersion is not null)
        {
            client.DefaultRequestVersion = httpVersion;
            client.DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact;
        }
        if (user.Token is not null)
        {
            client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", user.Token);
        }
        return client;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await _app.StopAsync().ConfigureAwait(false);
        }
        finally
        {
            await _app.DisposeAsync().ConfigureAwait(false);
            ServerCa.Dispose();
            ClientCa.Dispose();
        }
    }
}
