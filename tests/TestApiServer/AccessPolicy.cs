namespace IstioTls.TestApiServer;

/// <summary>What an authenticated request asks to do, in RBAC terms.</summary>
public sealed record AccessRequest(string User, string Verb, string Group, string Resource, string? Namespace, string? Name);

/// <summary>
/// RBAC-like rules for one user. Deny rules win; otherwise a request is allowed by the default or by
/// any allow rule. A rule with namespaces only covers requests made inside one of them, so it does not
/// grant a list across all namespaces, just as a RoleBinding does not.
/// </summary>
public sealed class AccessPolicy
{
    sealed record Rule(string[] Verbs, string[] Groups, string[] Resources, string[] Namespaces)
    {
        public bool Matches(AccessRequest r) =>
            Any(Verbs, r.Verb) && Any(Groups, r.Group) && Any(Resources, r.Resource)
            && (Namespaces.Length == 0 || (r.Namespace is not null && Any(Namespaces, r.Namespace)));

        static bool Any(string[] values, string value) => values.Contains("*") || values.Contains(value);
    }

    readonly bool _allowByDefault;
    readonly List<Rule> _allow = [];
    readonly List<Rule> _deny = [];
    readonly Lock _gate = new();

    AccessPolicy(bool allowByDefault) => _allowByDefault = allowByDefault;

    /// <summary>Everything allowed unless denied (the default for users).</summary>
    public static AccessPolicy AllowAll() => new(true);

    /// <summary>Nothing allowed unless allowed by a rule.</summary>
    public static AccessPolicy DenyAll() => new(false);

    /// <summary>Allows verbs on resources of a group ("" for core), in the given namespaces or, with none, everywhere.</summary>
    public AccessPolicy Allow(string verbs, string group, string resources, params string[] namespaces)
    {
        lock (_gate)
        {
            _allow.Add(new Rule(Split(verbs), [group], Split(resources), namespaces));
        }
        return this;
    }

    /// <summary>Denies verbs on resources of a group, in the given namespaces or, with none, everywhere.</summary>
    public AccessPolicy Deny(string verbs, string group, string resources, params string[] namespaces)
    {
        lock (_gate)
        {
            _deny.Add(new Rule(Split(verbs), [group], Split(resources), namespaces));
        }
        return this;
    }

    public bool IsAllowed(AccessRequest request)
    {
        lock (_gate)
        {
            if (_deny.Any(r => r.Matches(request)))
            {
                return false;
            }
            return _allowByDefault || _allow.Any(r => r.Matches(request));
        }
    }

    static string[] Split(string list) => list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
