using IstioTls.Analysis.Misdirected;
using IstioTls.Tests.Support;

namespace IstioTls.Tests.Misdirected;

/// <summary>
/// Each defect of the circulating 421 snippet is named when a copy has it and not when it was
/// fixed: one change at a time to a copy with every defect fixed but the one no Lua can fix
/// (421 between two hosts of one server needs the host table).
/// </summary>
public class SeedSnippetTests
{
    private const string Fixed = """
        function envoy_on_request(h)
          local authority = h:headers():get(":authority")
          if authority == nil then return end
          local sni = h:streamInfo():requestedServerName()
          local host = string.lower(authority)
          if host:sub(1, 1) == "[" then return end
          if sni ~= "" and host:find(sni, 1, true) == nil then
            h:respond({[":status"] = "421"}, "Misdirected Request")
          end
        end
        """;

    private const string Always = "it answers 421 even between two hosts of the same server, forcing needless new connections";
    private const string Wildcard = "its wildcard branch is dead code: a client never sends an SNI that starts with \"*.\"";
    private const string Find = "string.find without plain=true reads \".\", \"-\" and \"%\" as pattern characters and finds a substring, not a suffix: example.com.evil.net passes for example.com";
    private const string Case = "it compares hosts case-sensitively: Example.com is not example.com";
    private const string Authority = "it cuts the :authority at the first \":\" and keeps a trailing dot: [::1]:443 and example.com. are compared wrongly";
    private const string NoAuthority = "a request without :authority raises a Lua error, which Envoy answers with 500 or skips";
    private const string NoSelector = "it has no workloadSelector: it applies to every gateway in namespace istio-system (in Istio's root namespace, to every gateway of the mesh)";
    private const string NotFirst = "it is not inserted first in the HTTP filter chain: JWT and RBAC filters before it answer 401/403 first";
    private const string Deprecated = "it uses the deprecated inline_code field instead of default_source_code.inline_string";

    private static string Filter(string lua, string operation = "operation: INSERT_FIRST", string? selector = "istio=ingressgateway", string field = "default_source_code: {inline_string: LUA}", string labels = "", string? second = null)
    {
        var quoted = System.Text.Json.JsonSerializer.Serialize(lua);
        string Patch(string op, string f) => $"""
            - applyTo: HTTP_FILTER
              match: {"{"}context: GATEWAY, listener: {"{"}filterChain: {"{"}filter: {"{"}name: envoy.filters.network.http_connection_manager{"}}}}"}
              patch:
                {op}
                value:
                  name: envoy.lua
                  typed_config:
                    "@type": type.googleapis.com/envoy.extensions.filters.http.lua.v3.Lua
                    {f.Replace("LUA", quoted, StringComparison.Ordinal)}
            """;
        return Manifests.EnvoyFilter("istio-system/misdirected", selector, second is null ? [Patch(operation, field)] : [Patch(operation, field), Patch(second, "inline_code: LUA")], labels);
    }

    public static TheoryData<string, string, string[]> Copies => new()
    {
        { "every defect fixed but the one no Lua can fix", Filter(Fixed), [Always] },
        { "an isWildcard branch", Filter(Fixed.Replace("local sni", "local isWildcard = false\n  local sni", StringComparison.Ordinal)), [Wildcard, Always] },
        { "a \"*.\" test", Filter(Fixed.Replace("local sni", "local w = sni == \"*.\"\n  local sni", StringComparison.Ordinal)), [Wildcard, Always] },
        { "find without plain=true", Filter(Fixed.Replace("host:find(sni, 1, true)", "host:find(sni)", StringComparison.Ordinal)), [Find, Always] },
        { "one find of two without plain=true", Filter(Fixed.Replace("host:find(sni, 1, true)", "host:find(sni, 1, true) == host:find(sni)", StringComparison.Ordinal)), [Find, Always] },
        { "no lower", Filter(Fixed.Replace("string.lower(authority)", "authority", StringComparison.Ordinal)), [Case, Always] },
        { "no IPv6 literal", Filter(Fixed.Replace("if host:sub(1, 1) == \"[\" then return end", "", StringComparison.Ordinal)), [Authority, Always] },
        { "no nil check", Filter(Fixed.Replace("if authority == nil then return end", "", StringComparison.Ordinal).Replace("== nil then", "== false then", StringComparison.Ordinal)), [NoAuthority, Always] },
        { "pcall instead of a nil check", Filter(Fixed.Replace("if authority == nil then return end", "pcall(print)", StringComparison.Ordinal).Replace("== nil then", "== false then", StringComparison.Ordinal)), [Always] },
        { "no workloadSelector", Filter(Fixed, selector: null), [Always, NoSelector] },
        { "inserted before the router", Filter(Fixed, operation: "operation: INSERT_BEFORE"), [Always, NotFirst] },
        { "no operation", Filter(Fixed, operation: ""), [Always] },
        { "inline_code", Filter(Fixed, field: "inline_code: LUA"), [Always, Deprecated] },
        { "a second patch, inserted before the router, in inline_code", Filter(Fixed, second: "operation: INSERT_BEFORE"), [Always, NotFirst, Deprecated] },
        { "no requestedServerName: not the snippet", Filter(Fixed.Replace("requestedServerName", "protocol", StringComparison.Ordinal)), [] },
        { "no :authority: not the snippet", Filter(Fixed.Replace("\":authority\"", "\"host\"", StringComparison.Ordinal)), [] },
        { "neither find nor isWildcard: not the snippet", Filter(Fixed.Replace("host:find(sni, 1, true) == nil", "host ~= sni", StringComparison.Ordinal)), [] },
        { "isWildcard without find: the snippet", Filter(Fixed.Replace("host:find(sni, 1, true) == nil", "host ~= sni and isWildcard", StringComparison.Ordinal)), [Wildcard, Always] },
        { "this tool's own filter", Filter(Fixed.Replace("host:find(sni, 1, true)", "host:find(sni)", StringComparison.Ordinal), labels: "app.kubernetes.io/managed-by=kubectl-istio-tls,istio-tls.io/misdirected=strict"), [] },
    };

    [Theory]
    [MemberData(nameof(Copies))]
    public void Names_each_defect_a_copy_has(string copy, string yaml, string[] defects)
    {
        var filter = Assert.Single(Manifests.Snapshot(yaml).EnvoyFilters);

        Assert.True(defects.SequenceEqual(SeedSnippet.Defects(filter)), $"{copy}: {string.Join(" | ", SeedSnippet.Defects(filter))}");
    }
}
