-- SPDX-License-Identifier: GPL-3.0-or-later
-- wrk script for scripts/bench-http.sh: POST one audio file as the multipart field `file`
-- (the shape of /api/v1/predictions/single) on every request, and print one RESULT line.
--   wrk ... -s scripts/lib/bench-http-post.lua URL -- CLIP.wav

local boundary = "earshot-bench-7d1f0c"
local req

local function read_file(path)
  local f = assert(io.open(path, "rb"), "cannot read " .. tostring(path))
  local data = f:read("*a")
  f:close()
  return data
end

function init(args)
  local clip = assert(args[1], "pass the clip after --: wrk ... -- CLIP.wav")
  local name = clip:match("([^/]+)$")
  local body = "--" .. boundary .. "\r\n"
    .. 'Content-Disposition: form-data; name="file"; filename="' .. name .. '"\r\n'
    .. "Content-Type: audio/wav\r\n\r\n"
    .. read_file(clip) .. "\r\n"
    .. "--" .. boundary .. "--\r\n"
  local headers = { ["Content-Type"] = "multipart/form-data; boundary=" .. boundary }
  req = wrk.format("POST", nil, headers, body)
end

function request()
  return req
end

-- RESULT requests_per_s p50_ms p99_ms requests non_2xx socket_errors
function done(summary, latency, requests)
  local seconds = summary.duration / 1e6
  local e = summary.errors
  io.write(string.format("RESULT %.1f %.2f %.2f %d %d %d\n",
    summary.requests / seconds,
    latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    summary.requests, e.status, e.connect + e.read + e.write + e.timeout))
end
