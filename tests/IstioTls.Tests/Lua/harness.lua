-- Runs a generated 421 filter as Envoy's Lua filter would, under LuaJIT (the runtime Envoy
-- embeds), with a fake request_handle that offers exactly the three calls the filter may use:
-- streamInfo():requestedServerName(), headers():get(":authority") and respond(headers, body).
--
-- usage: luajit harness.lua FILTER.lua < cases
-- Each line of input is one request: the SNI and the :authority, hex-encoded, separated by a
-- space; "-" stands for nil. Each line of output is the outcome of one request:
--   pass                  the filter let it go on
--   respond STATUS HEX    the filter answered, with the body hex-encoded
--   error HEX             the filter raised (or swallowed an error in its own pcall)
-- A filter that does not load, or leaves anything but envoy_on_request behind, ends the run
-- with "load-error HEX" and exit code 3.

local function hex(text)
  return (string.gsub(text, ".", function(c) return string.format("%02x", string.byte(c)) end))
end

local function unhex(text)
  if text == "-" then
    return nil
  end
  return (string.gsub(text, "..", function(h) return string.char(tonumber(h, 16)) end))
end

local function fail_load(message)
  io.write("load-error ", hex(tostring(message)), "\n")
  os.exit(3)
end

local file = io.open(arg[1], "rb")
if file == nil then
  fail_load("cannot open " .. tostring(arg[1]))
end
local source = file:read("*a")
file:close()

-- The filter sees Lua's string and table libraries and pcall, nothing else: os, io, require
-- and friends are not there, so code injected through a host could not reach them, and a
-- filter that needs more than it may use fails here rather than in Envoy.
local swallowed = nil
local env = {
  string = string,
  table = table,
  pcall = function(f, ...)
    local results = { pcall(f, ...) }
    if not results[1] then
      swallowed = results[2]
    end
    return unpack(results)
  end,
}
local allowed = { string = true, table = true, pcall = true, envoy_on_request = true }

local chunk, err = loadstring(source, "=filter")
if chunk == nil then
  fail_load(err)
end
setfenv(chunk, env)
local loaded, load_err = pcall(chunk)
if not loaded then
  fail_load(load_err)
end
for name in pairs(env) do
  if not allowed[name] then
    fail_load("the filter defines global " .. tostring(name))
  end
end
if type(env.envoy_on_request) ~= "function" then
  fail_load("the filter defines no envoy_on_request")
end

for line in io.lines() do
  local space = string.find(line, " ", 1, true)
  local sni = unhex(string.sub(line, 1, space - 1))
  local authority = unhex(string.sub(line, space + 1))
  local responded = nil
  local handle = {}
  function handle:streamInfo()
    return { requestedServerName = function(_) return sni end }
  end
  function handle:headers()
    return {
      get = function(_, name)
        if name == ":authority" then
          return authority
        end
        return nil
      end,
    }
  end
  function handle:respond(headers, body)
    responded = { status = headers[":status"], body = body }
  end

  swallowed = nil
  local ok, raised = pcall(env.envoy_on_request, handle)
  if not ok then
    io.write("error ", hex(tostring(raised)), "\n")
  elseif swallowed ~= nil then
    io.write("error ", hex(tostring(swallowed)), "\n")
  elseif responded ~= nil then
    io.write("respond ", tostring(responded.status), " ", hex(tostring(responded.body)), "\n")
  else
    io.write("pass\n")
  end
end
