-- Searches a random two-character word of the reference page with a random page size: 28 × 50 = 1,400 different
-- answers, each computed once and then cached; the p99 shows the computed ones. WORDS (environment, default 1) words
-- per query instead, drawn at random, as a reader typing several: "党建 生态".
dofile("tests/CmsApi.Benchmarks/threads.lua")
local words = { "党建", "业务", "基层", "堡垒", "生态", "环境", "支部", "党员", "干部", "政治", "理论", "学习", "作风", "纪律",
  "监督", "队伍", "创新", "服务", "群众", "制度", "责任", "精神", "思想", "工作", "建设", "发展", "质量", "融合" }
local per_query = tonumber(os.getenv("WORDS") or "1")
request = function()
  local q = words[math.random(#words)]
  for _ = 2, per_query do
    q = q .. " " .. words[math.random(#words)]
  end
  return wrk.format(nil, "/api/v1/sites/gzsjgdj/articles?q=" .. q:gsub("[^%w]", function(c) return string.format("%%%02X", c:byte()) end)
    .. "&limit=" .. math.random(1, 50))
end
dofile("tests/CmsApi.Benchmarks/report.lua")
