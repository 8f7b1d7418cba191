-- GETs a random article of 1..ARTICLE_IDS (environment) each time, a different sequence per wrk thread.
dofile("tests/CmsApi.Benchmarks/threads.lua")
local max = tonumber(os.getenv("ARTICLE_IDS") or "1")
request = function()
  return wrk.format(nil, "/api/v1/sites/gzsjgdj/articles/" .. math.random(1, max))
end
dofile("tests/CmsApi.Benchmarks/report.lua")
