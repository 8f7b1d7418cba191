-- Prints one machine-readable line after a wrk run: requests/s, p50 and p99 in ms, non-2xx/3xx answers, socket errors, requests.
done = function(summary, latency, requests)
  local errors = summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout
  io.write(string.format("RESULT %.0f %.3f %.3f %d %d %d\n",
    summary.requests / (summary.duration / 1e6), latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    summary.errors.status, errors, summary.requests))
end
