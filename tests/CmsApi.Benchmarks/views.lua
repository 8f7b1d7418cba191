-- POSTs to the view counter with a new visitor id each time, so every request is a countable view.
-- thread_id is a global of each thread's own Lua state, set by setup() in the main state.
local counter = 0
local threads = 0
setup = function(thread)
  thread:set("thread_id", threads)
  threads = threads + 1
end
request = function()
  counter = counter + 1
  return wrk.format("POST", nil, { ["X-Visitor-Id"] = "bench-" .. thread_id .. "-" .. counter,
    ["User-Agent"] = "Mozilla/5.0 (bench) Chrome/120" }, nil)
end
-- Prints one machine-readable line after a wrk run: requests/s, p50 and p99 in ms, non-2xx/3xx answers, socket errors, requests.
done = function(summary, latency, requests)
  local errors = summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout
  io.write(string.format("RESULT %.0f %.3f %.3f %d %d %d\n",
    summary.requests / (summary.duration / 1e6), latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    summary.errors.status, errors, summary.requests))
end
