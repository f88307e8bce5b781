using System.Collections.Concurrent;

namespace IstioTls.TestApiServer;

public sealed class TestUser
{
    internal TestUser(string name, IReadOnlyList<string> groups, string? token, IssuedCertificate? certificate, AccessPolicy access)
    {
        Name = name;
        Groups = groups;
        Token = token;
        ClientCertificate = certificate;
        Access = access;
    }

    public string Name { get; }
    public IReadOnlyList<string> Groups { get; }

    /// <summary>Bearer token, for token users.</summary>
    public string? Token { get; }

    /// <summary>Certificate and key (PEM), for client-certificate users.</summary>
    public IssuedCertificate? ClientCertificate { get; }

    public AccessPolicy Access { get; set; }
}

/// <summary>Who may call the server: bearer-token users and client-certificate users.</summary>
public sealed class UserRegistry
{
    readonly ConcurrentDictionary<string, TestUser> _byName = new(StringComparer.Ordinal);
    readonly ConcurrentDictionary<string, TestUser> _byToken = new(StringComparer.Ordinal);
    readonly CertificateAuthority _clientCa;

    internal UserRegistry(CertificateAuthority clientCa) => _clientCa = clientCa;

    public IEnumerable<TestUser> All => _byName.Values;

    public TestUser? this[string name] => _byName.GetValueOrDefault(name);

    public TestUser AddTokenUser(string name, string token, AccessPolicy? access = null, params string[] groups)
    {
        var user = new TestUser(name, [.. groups.Append("system:authenticated")], token, null, access ?? AccessPolicy.AllowAll());
        if (!_byToken.TryAdd(token, user))
        {
            throw new ArgumentException($"token already used by {_byToken[token].Name}", nameof(token));
        }
        _byName[name] = user;
        return user;
    }

    public TestUser AddCertificateUser(string name, AccessPolicy? access = null, params string[] groups)
    {
        var user = new TestUser(name, [.. groups.Append("system:authenticated")], null, _clientCa.IssueClientCertificate(name, groups), access ?? AccessPolicy.AllowAll());
        _byName[name] = user;
        return user;
    }

    internal TestUser? FindByToken(string token) => _byToken.GetValueOrDefault(token);

    /// <summary>Any certificate from the client CA authenticates, as on a real server; unknown names get full access.</summary>
    internal TestUser FromCertificate(string name, IReadOnlyList<string> groups) =>
        _byName.TryGetValue(name, out var known) && known.ClientCertificate is not null
            ? known
            : new TestUser(name, [.. groups.Append("system:authenticated")], null, null, AccessPolicy.AllowAll());
}
