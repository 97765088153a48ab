-- wrk script: a mix of ClaimQL API requests, and a JSON summary at the end.
-- The paths come from the environment (CLAIMQL_PATHS, one per line), set by load_test.py.
local paths = {}
for p in string.gmatch(os.getenv("CLAIMQL_PATHS") or "/healthz", "[^\n]+") do
  paths[#paths + 1] = p
end
local i = 0

request = function()
  i = i % #paths + 1
  return wrk.format("GET", paths[i])
end

done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'WRK {"requests": %d, "seconds": %.3f, "rps": %.1f, "p50_ms": %.3f, "p99_ms": %.3f, "max_ms": %.3f, ' ..
    '"connect_errors": %d, "read_errors": %d, "write_errors": %d, "timeouts": %d, "non_2xx": %d}\n',
    summary.requests, summary.duration / 1e6, summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, latency.max / 1000,
    e.connect, e.read, e.write, e.timeout, e.status))
end
