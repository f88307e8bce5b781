using System.Text.RegularExpressions;
using IstioTls.Model;

namespace IstioTls.Analysis.Misdirected;

/// <summary>
/// Recognises the 421 Lua snippet that circulates in blog posts and in the seed document
/// (compare <c>requestedServerName()</c> with the <c>:authority</c> using <c>string.find</c> or an
/// <c>isWildcard</c> branch) and names the defects a given copy has, so that teams that pasted
/// it learn what it gets wrong.
/// </summary>
public static partial class SeedSnippet
{
    /// <summary>The known defects of the filter's snippet; empty when it does not carry one.</summary>
    public static IReadOnlyList<string> Defects(EnvoyFilter filter)
    {
        if (MisdirectedFilterMarks.ModeOf(filter) is not null)
        {
            return [];
        }
        var lua = filter.LuaSources.FirstOrDefault(LooksLikeSnippet);
        if (lua is null)
        {
            return [];
        }
        var defects = new List<string>();
        if (lua.Contains("isWildcard", StringComparison.Ordinal) || lua.Contains("\"*.\"", StringComparison.Ordinal))
        {
            defects.Add("its wildcard branch is dead code: a client never sends an SNI that starts with \"*.\"");
        }
        if (FindCall().Matches(lua).Any(m => !m.Groups["args"].Value.TrimEnd().EndsWith("true", StringComparison.Ordinal)))
        {
            defects.Add("string.find without plain=true reads \".\", \"-\" and \"%\" as pattern characters and finds a substring, not a suffix: example.com.evil.net passes for example.com");
        }
        if (!lua.Contains("lower", StringComparison.Ordinal))
        {
            defects.Add("it compares hosts case-sensitively: Example.com is not example.com");
        }
        if (!lua.Contains("\"[\"", StringComparison.Ordinal))
        {
            defects.Add("it cuts the :authority at the first \":\" and keeps a trailing dot: [::1]:443 and example.com. are compared wrongly");
        }
        if (!lua.Contains("nil", StringComparison.Ordinal) && !lua.Contains("pcall", StringComparison.Ordinal))
        {
            defects.Add("a request without :authority raises a Lua error, which Envoy answers with 500 or skips");
        }
        defects.Add("it answers 421 even between two hosts of the same server, forcing needless new connections");
        if (filter.WorkloadSelector.IsEmpty)
        {
            defects.Add($"it has no workloadSelector: it applies to every gateway in namespace {filter.Meta.Namespace} (in Istio's root namespace, to every gateway of the mesh)");
        }
        if (filter.Patches.Any(p => p.Operation is { Length: > 0 } op && op != "INSERT_FIRST"))
        {
            defects.Add("it is not inserted first in the HTTP filter chain: JWT and RBAC filters before it answer 401/403 first");
        }
        if (filter.Patches.SelectMany(p => p.Lua).Any(l => l.Deprecated))
        {
            defects.Add("it uses the deprecated inline_code field instead of default_source_code.inline_string");
        }
        return defects;
    }

    private static bool LooksLikeSnippet(string lua) =>
        lua.Contains("requestedServerName", StringComparison.Ordinal)
        && lua.Contains(":authority", StringComparison.Ordinal)
        && (lua.Contains("find(", StringComparison.Ordinal) || lua.Contains("isWildcard", StringComparison.Ordinal));

    // A find call and its arguments, one level of nested parentheses deep:
    // string.find(host, string.sub(sni, 3)) and authority:find(":", 1, true).
    [GeneratedRegex(@"find\((?<args>(?:[^()]|\([^()]*\))*)\)")]
    private static partial Regex FindCall();
}
