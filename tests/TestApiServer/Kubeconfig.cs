using System.Text;
using System.Text.Json.Nodes;

namespace IstioTls.TestApiServer;

/// <summary>
/// The kubeconfig the server writes: one cluster, and a context per user. Tests add contexts (other token
/// or certificate users, exec credential plugins) before calling <see cref="TestApiServer.WriteKubeconfig"/>.
/// </summary>
public sealed class Kubeconfig
{
    public const string ClusterName = "test";

    readonly Lock _gate = new();
    readonly List<(string Name, JsonObject User)> _users = [];
    readonly List<(string Name, string User, string? Namespace)> _contexts = [];
    readonly Uri _server;
    readonly string _caPem;

    internal Kubeconfig(Uri server, string caPem)
    {
        _server = server;
        _caPem = caPem;
    }

    public string CurrentContext { get; set; } = "test";

    public IReadOnlyList<string> Contexts
    {
        get
        {
            lock (_gate)
            {
                return [.. _contexts.Select(c => c.Name)];
            }
        }
    }

    /// <summary>A context for a token or client-certificate user of the server.</summary>
    public Kubeconfig AddUserContext(string context, TestUser user, string? ns = null)
    {
        ArgumentNullException.ThrowIfNull(user);
        var entry = new JsonObject();
        if (user.Token is not null)
        {
            entry["token"] = user.Token;
        }
        else if (user.ClientCertificate is { } cert)
        {
            entry["client-certificate-data"] = Base64(cert.CertificatePem);
            entry["client-key-data"] = Base64(cert.KeyPem);
        }
        else
        {
            throw new ArgumentException($"user {user.Name} has neither a token nor a certificate", nameof(user));
        }
        return Add(context, user.Name, entry, ns);
    }

    /// <summary>
    /// A context whose user runs an exec credential plugin. For client.authentication.k8s.io/v1 kubectl
    /// requires interactiveMode, so it is always written (Never).
    /// </summary>
    public Kubeconfig AddExecContext(string context, string userName, string command, IEnumerable<string>? args = null,
        string apiVersion = "client.authentication.k8s.io/v1", IReadOnlyDictionary<string, string>? env = null, string? ns = null)
    {
        var exec = new JsonObject
        {
            ["apiVersion"] = apiVersion,
            ["command"] = command,
            ["args"] = new JsonArray([.. (args ?? []).Select(a => (JsonNode)a)]),
            ["interactiveMode"] = "Never",
            ["provideClusterInfo"] = false,
        };
        if (env is not null)
        {
            exec["env"] = new JsonArray([.. env.Select(kv => (JsonNode)new JsonObject { ["name"] = kv.Key, ["value"] = kv.Value })]);
        }
        return Add(context, userName, new JsonObject { ["exec"] = exec }, ns);
    }

    Kubeconfig Add(string context, string userName, JsonObject user, string? ns)
    {
        lock (_gate)
        {
            _users.RemoveAll(u => u.Name == userName);
            _users.Add((userName, user));
            _contexts.RemoveAll(c => c.Name == context);
            _contexts.Add((context, userName, ns));
        }
        return this;
    }

    public string ToYaml()
    {
        lock (_gate)
        {
            var doc = new JsonObject
            {
                ["apiVersion"] = "v1",
                ["kind"] = "Config",
                ["preferences"] = new JsonObject(),
                ["clusters"] = new JsonArray(new JsonObject
                {
                    ["name"] = ClusterName,
                    ["cluster"] = new JsonObject
                    {
                        ["server"] = _server.ToString().TrimEnd('/'),
                        ["certificate-authority-data"] = Base64(_caPem),
                    },
                }),
                ["contexts"] = new JsonArray([.. _contexts.Select(c =>
                {
                    var ctx = new JsonObject { ["cluster"] = ClusterName, ["user"] = c.User };
                    if (c.Namespace is not null)
                    {
                        ctx["namespace"] = c.Namespace;
                    }
                    return (JsonNode)new JsonObject { ["name"] = c.Name, ["context"] = ctx };
                })]),
                ["current-context"] = CurrentContext,
                ["users"] = new JsonArray([.. _users.Select(u => (JsonNode)new JsonObject { ["name"] = u.Name, ["user"] = u.User.DeepClone() })]),
            };
            return Yaml.Emit([doc]);
        }
    }

    /// <summary>Writes the file (mode 600, as kubectl would) and returns its path.</summary>
    public string Write(string path)
    {
        var full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        File.WriteAllText(full, ToYaml());
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(full, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
        return full;
    }

    static string Base64(string text) => Convert.ToBase64String(Encoding.UTF8.GetBytes(text));
}
