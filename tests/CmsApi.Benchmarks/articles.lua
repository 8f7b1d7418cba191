-- GETs an article of 1..ARTICLE_IDS (environment) each time, a different sequence per wrk thread. A path ending in
-- {random} draws ids uniformly; one ending in {skewed} draws them as a portal's readers skew them, Zipf-like: id =
-- floor((N + 1)^u) for u uniform in [0, 1), so half of the reads go to the first √N ids (1,000 of a million).
dofile("tests/CmsApi.Benchmarks/threads.lua")
local max = tonumber(os.getenv("ARTICLE_IDS") or "1")
local skewed = wrk.path:find("{skewed}", 1, true) ~= nil
request = function()
  local id = skewed and math.floor((max + 1) ^ math.random()) or math.random(1, max)
  return wrk.format(nil, "/api/v1/sites/gzsjgdj/articles/" .. id)
end
dofile("tests/CmsApi.Benchmarks/report.lua")
