-- Shared by post.lua and get.lua: per-thread counters, and a done() that prints one machine-readable line
--   RESULT <label> <requests> <p50 ms> <p99 ms> <max ms> <requests/s> <failures> <answers without a segment>
-- failures = non-2xx answers + socket errors (connect, read, write, timeout).
local threads = {}
bad = 0
missing = 0

function setup(thread)
  thread:set("thread_index", #threads)
  table.insert(threads, thread)
end

function report(label)
  return function(summary, latency, requests)
    local failed, absent = 0, 0
    for _, thread in ipairs(threads) do
      failed = failed + (thread:get("bad") or 0)
      absent = absent + (thread:get("missing") or 0)
    end
    local errors = summary.errors
    failed = failed + errors.connect + errors.read + errors.write + errors.timeout
    local seconds = summary.duration / 1e6
    io.write(string.format("RESULT %s %d %.3f %.3f %.3f %.1f %d %d\n", label, summary.requests,
      latency:percentile(50) / 1000, latency:percentile(99) / 1000, latency.max / 1000,
      summary.requests / seconds, failed, absent))
  end
end
