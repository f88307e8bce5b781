namespace IstioTls.BrowserTests.Support;

/// <summary>
/// The Lua code an EnvoyFilter inserts into a gateway's HTTP filter chain, as the EnvoyFilter
/// carries it, and the listener port it is limited to (null: every listener).
/// </summary>
public sealed record EnvoyLuaFilter(string Name, int? PortNumber, string Source)
{
    private const string LuaType = "type.googleapis.com/envoy.extensions.filters.http.lua.v3.Lua";

    /// <summary>
    /// The Lua HTTP filters of the EnvoyFilters that apply to the workload: workloadSelector a
    /// subset of its labels, in its namespace or the root namespace, context GATEWAY (or ANY).
    /// </summary>
    public static IReadOnlyList<EnvoyLuaFilter> For(IEnumerable<KubeObject> objects, Workload workload)
    {
        var filters = new List<EnvoyLuaFilter>();
        foreach (var envoyFilter in objects.Where(o => o.Kind == "EnvoyFilter"))
        {
            var spec = envoyFilter.Root.Map("spec")!;
            if ((envoyFilter.Namespace != workload.Namespace && envoyFilter.Namespace != "istio-system")
                || !workload.Selects(spec.Map("workloadSelector")?.Map("labels").Labels() ?? new Dictionary<string, string>()))
            {
                continue;
            }
            foreach (var patch in spec.Maps("configPatches"))
            {
                var match = patch.Map("match");
                var config = patch.Map("patch")?.Map("value")?.Map("typed_config");
                if (patch.Text("applyTo") != "HTTP_FILTER" || match?.Text("context") is not ("GATEWAY" or "ANY" or null) || config?.Text("@type") != LuaType)
                {
                    continue;
                }
                var source = config.Map("default_source_code")?.Text("inline_string") ?? config.Text("inline_code")
                    ?? throw new InvalidOperationException($"EnvoyFilter {envoyFilter.Namespace}/{envoyFilter.Name}: a Lua filter without inline code");
                var port = match?.Map("listener")?.Text("portNumber");
                filters.Add(new EnvoyLuaFilter($"{envoyFilter.Namespace}/{envoyFilter.Name}",
                    port is null ? null : int.Parse(port, System.Globalization.CultureInfo.InvariantCulture), source));
            }
        }
        return filters;
    }
}
