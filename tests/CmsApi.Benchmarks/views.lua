-- POSTs to the view counter with a new visitor id each time, so every request is a countable view.
dofile("tests/CmsApi.Benchmarks/threads.lua")
local counter = 0
request = function()
  counter = counter + 1
  return wrk.format("POST", nil, { ["X-Visitor-Id"] = "bench-" .. thread_id .. "-" .. counter,
    ["User-Agent"] = "Mozilla/5.0 (bench) Chrome/120" }, nil)
end
-- the same report as every other route (load.sh runs wrk from the repository root)
dofile("tests/CmsApi.Benchmarks/report.lua")
