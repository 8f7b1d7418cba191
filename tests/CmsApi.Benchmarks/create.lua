-- POSTs a new draft article each time (a title and a body with a numbered section), with the key in CMS_KEY.
-- PARAGRAPHS=n: the section has n paragraphs of 20 characters (default 1; 150 makes a body of about 3,000).
dofile("tests/CmsApi.Benchmarks/threads.lua")
local counter = 0
local paragraphs = {}
for i = 1, tonumber(os.getenv("PARAGRAPHS") or "1") do
  paragraphs[i] = '"坚持以人民为中心，推动第' .. i .. '项工作落地见效。"'
end
paragraphs = table.concat(paragraphs, ",")
request = function()
  counter = counter + 1
  local number = thread_id .. "-" .. counter
  local body = '{"channel":"news","title":"关于加强基层党建工作的通知（' .. number .. '）","source":"市直机关工委",' ..
    '"body":{"lead":["为进一步加强基层党建工作，现将有关事项通知如下。"],' ..
    '"sections":[{"title":"总体要求","paragraphs":[' .. paragraphs .. ']}]}}'
  return wrk.format("POST", "/api/v1/sites/gzsjgdj/articles",
    { ["Content-Type"] = "application/json", ["Authorization"] = "Bearer " .. os.getenv("CMS_KEY") }, body)
end
dofile("tests/CmsApi.Benchmarks/report.lua")
