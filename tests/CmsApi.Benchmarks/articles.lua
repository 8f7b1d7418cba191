-- GETs a random article of 1..ARTICLE_IDS (environment) each time, a different sequence per wrk thread.
local threads = 0
setup = function(thread)
  thread:set("thread_id", threads)
  threads = threads + 1
end
init = function()
  math.randomseed(os.time() * 100 + thread_id)
end
local max = tonumber(os.getenv("ARTICLE_IDS") or "1")
request = function()
  return wrk.format(nil, "/api/v1/sites/gzsjgdj/articles/" .. math.random(1, max))
end
dofile("tests/CmsApi.Benchmarks/report.lua")
