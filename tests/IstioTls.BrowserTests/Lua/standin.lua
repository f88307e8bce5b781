-- The gateway stand-in's request handling inside nginx: what Envoy does with a request once
-- istiod has configured it. The filter chain was chosen by SNI before this runs (nginx.conf maps
-- $ssl_server_name to a chain id, which also picked the certificate). Here:
--   filter(port)  the access phase: the listener's Lua HTTP filters (the EnvoyFilters' code, as
--                 written), each given a handle with exactly the three calls a filter may use;
--   route(port)   the content phase: the router, looking the :authority up in the chain's own
--                 route table; no virtual host: 404, as Envoy's NR.
-- standin_config.lua (generated per test) holds, per listener port, the filter files and each
-- chain's route domains.

local config = require("standin_config")

local M = {}

-- Envoy gives a filter Lua's base libraries; the generated filters need string, table and pcall
-- only, and getting nothing else here proves it (as tests/IstioTls.Tests/Lua/harness.lua does).
local function load_filter(path)
  local file = assert(io.open(path, "rb"))
  local source = file:read("*a")
  file:close()
  local env = { string = string, table = table, pcall = pcall }
  local chunk = assert(loadstring(source, "=" .. path))
  setfenv(chunk, env)
  chunk()
  return assert(env.envoy_on_request, "no envoy_on_request in " .. path)
end

local loaded = {}
local function filters_of(port)
  if loaded[port] == nil then
    loaded[port] = {}
    for i, path in ipairs(config[port].filters) do
      loaded[port][i] = load_filter(path)
    end
  end
  return loaded[port]
end

-- The request handle: streamInfo():requestedServerName() ("" without SNI, as Envoy),
-- headers():get(":authority") (nginx turns HTTP/2's :authority into Host), respond().
local function new_handle()
  local handle = { response = nil }
  function handle:streamInfo()
    return { requestedServerName = function(_) return ngx.var.ssl_server_name or "" end }
  end
  function handle:headers()
    return {
      get = function(_, name)
        if name == ":authority" then
          return ngx.var.http_host
        end
        return nil
      end,
    }
  end
  function handle:respond(headers, body)
    self.response = { status = tonumber(headers[":status"]), body = body or "" }
  end
  return handle
end

function M.filter(port)
  for _, on_request in ipairs(filters_of(port)) do
    local handle = new_handle()
    on_request(handle)
    -- respond() ends the stream in Envoy: no later filter, no router.
    if handle.response ~= nil then
      ngx.status = handle.response.status
      ngx.header["content-type"] = "text/plain"
      ngx.print(handle.response.body)
      return ngx.exit(ngx.HTTP_OK)
    end
  end
end

-- Envoy's virtual host match: the exact domain, else the longest "*." suffix, else "*";
-- case-insensitive, on the host without its port (Istio adds "host:*" to every domain).
local function virtual_host(domains, authority)
  local host = string.lower(authority or "")
  if string.sub(host, 1, 1) == "[" then
    host = string.match(host, "^(%[.-%])") or host
  else
    host = string.match(host, "^([^:]*)")
  end
  local best, best_length, any = nil, 0, nil
  for _, domain in ipairs(domains) do
    if domain == host then
      return domain
    elseif domain == "*" then
      any = domain
    elseif string.sub(domain, 1, 2) == "*." then
      local suffix = string.sub(domain, 2)
      if #suffix > best_length and #host > #suffix and string.sub(host, -#suffix) == suffix then
        best, best_length = domain, #suffix
      end
    end
  end
  return best or any
end

local pixel = ngx.decode_base64("R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7")

-- A page on "/" that loads an image from each host named by an img argument and writes
-- "HOST load" or "HOST error" for each into the DOM, which the browser dumps.
local function page(args)
  local images = args.img
  if type(images) == "string" then
    images = { images }
  end
  local run = ngx.escape_uri(args.run or "")
  local parts = {
    "<!doctype html><html><head><title>stand-in</title><script>",
    "function seen(img, what) { document.getElementById('out').textContent += img.dataset.host + ' ' + what + '\\n'; }",
    "</script></head><body><pre id=\"out\"></pre>",
  }
  for _, host in ipairs(images or {}) do
    parts[#parts + 1] = string.format(
      "<img data-host=\"%s\" src=\"https://%s:%s/pixel.gif?run=%s\" onload=\"seen(this, 'load')\" onerror=\"seen(this, 'error')\">",
      host, host, ngx.var.server_port, run)
  end
  parts[#parts + 1] = "</body></html>"
  return table.concat(parts, "\n")
end

function M.route(port)
  local chain = config[port].chains[ngx.var["chain_" .. port]] or {}
  if virtual_host(chain, ngx.var.http_host) == nil then
    return ngx.exit(ngx.HTTP_NOT_FOUND)
  end
  ngx.header["cache-control"] = "no-store"
  if ngx.var.uri == "/" then
    ngx.header["content-type"] = "text/html"
    ngx.print(page(ngx.req.get_uri_args()))
  else
    ngx.header["content-type"] = "image/gif"
    ngx.print(pixel)
  end
end

return M
