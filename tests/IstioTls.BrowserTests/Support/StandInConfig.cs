using System.Text;

namespace IstioTls.BrowserTests.Support;

/// <summary>
/// nginx.conf and standin_config.lua for the stand-in. Per listener: one nginx server on a
/// loopback port, HTTP/2 over TLS; a map from the SNI to the filter chain (nginx's "hostnames"
/// map: exact name, else the longest "*." wildcard, at any depth as Envoy's server_names, else the
/// default: the chain of a "*" server, or none, and with no certificate the handshake fails as
/// Envoy closes a connection no filter chain matches); the chain's certificate; the Lua filters,
/// then the chain's routes (Lua/standin.lua). nginx's own virtual servers, which it would choose
/// by Host after the handshake, play no part: there is one per listener.
/// </summary>
public static class StandInConfig
{
    public static string Nginx(string directory, IReadOnlyList<Listener> listeners, IReadOnlyDictionary<int, int> ports, IReadOnlyDictionary<string, string> certificateFiles, string luaDirectory)
    {
        var conf = new StringBuilder();
        conf.AppendLine("load_module /usr/lib/nginx/modules/ndk_http_module.so;");
        conf.AppendLine("load_module /usr/lib/nginx/modules/ngx_http_lua_module.so;");
        conf.AppendLine("daemon off;");
        conf.AppendLine("master_process off;");
        conf.AppendLine("worker_processes 1;");
        conf.AppendLine($"pid {directory}/nginx.pid;");
        conf.AppendLine($"error_log {directory}/error.log notice;");
        conf.AppendLine("events { worker_connections 256; }");
        conf.AppendLine("http {");
        conf.AppendLine($"  client_body_temp_path {directory}/body;");
        conf.AppendLine($"  lua_package_path \"{directory}/?.lua;{luaDirectory}/?.lua;;\";");
        conf.AppendLine($"  log_format standin '{LoggedRequest.Format}';");
        conf.AppendLine("  server_tokens off;");
        foreach (var listener in listeners)
        {
            var port = listener.Port;
            conf.AppendLine($"  map $ssl_server_name $chain_{port} {{");
            conf.AppendLine("    hostnames;");
            conf.AppendLine($"    default {listener.Chains.FirstOrDefault(c => c.Hosts.Contains("*"))?.Id ?? "none"};");
            var mapped = new HashSet<string>();
            foreach (var chain in listener.Chains)
            {
                foreach (var host in chain.Hosts.Where(h => h != "*" && mapped.Add(h)))
                {
                    conf.AppendLine($"    {host} {chain.Id};");
                }
            }
            conf.AppendLine("  }");
            foreach (var (what, extension) in new[] { ("certificate", "pem"), ("key", "key") })
            {
                conf.AppendLine($"  map $chain_{port} ${what}_{port} {{");
                conf.AppendLine($"    default {directory}/no-chain.{extension};");
                foreach (var chain in listener.Chains)
                {
                    conf.AppendLine($"    {chain.Id} {certificateFiles[chain.Credential]}.{extension};");
                }
                conf.AppendLine("  }");
            }
            conf.AppendLine("  server {");
            conf.AppendLine($"    listen 127.0.0.1:{ports[port]} ssl http2;");
            conf.AppendLine($"    ssl_certificate $certificate_{port};");
            conf.AppendLine($"    ssl_certificate_key $key_{port};");
            conf.AppendLine($"    access_log {directory}/requests.log standin;");
            conf.AppendLine("    location / {");
            conf.AppendLine($"      access_by_lua_block {{ require(\"standin\").filter({port}) }}");
            conf.AppendLine($"      content_by_lua_block {{ require(\"standin\").route({port}) }}");
            conf.AppendLine("    }");
            conf.AppendLine("  }");
        }
        conf.AppendLine("}");
        return conf.ToString();
    }

    /// <summary>Per listener port: the Lua filter files that apply to it, and each chain's route domains.</summary>
    public static string Lua(IReadOnlyList<Listener> listeners, IReadOnlyDictionary<int, IReadOnlyList<string>> filterFiles)
    {
        var lua = new StringBuilder("return {\n");
        foreach (var listener in listeners)
        {
            lua.AppendLine($"  [{listener.Port}] = {{");
            lua.AppendLine($"    filters = {{ {string.Join(", ", filterFiles[listener.Port].Select(Quote))} }},");
            lua.AppendLine("    chains = {");
            foreach (var chain in listener.Chains)
            {
                lua.AppendLine($"      {chain.Id} = {{ {string.Join(", ", chain.Domains.Select(Quote))} }},");
            }
            lua.AppendLine("    },");
            lua.AppendLine("  },");
        }
        return lua.Append("}\n").ToString();
    }

    private static string Quote(string text) => "\"" + text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";
}
