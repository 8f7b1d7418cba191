-- As a page on the site's own domain asks in a browser: a cross-origin fetch sends Origin (so CORS answers it) and
-- Accept-Encoding (so compressed answers are served). wrk sends neither by itself, and the CORS path once cost more
-- than half of a route's throughput without any other row showing it. Paths as articles.lua (ids) or report.lua.
wrk.headers["Origin"] = "https://www.gzsjgdj.gov.cn"
wrk.headers["Accept-Encoding"] = "gzip, deflate, br"
dofile(wrk.path:find("{", 1, true) and "tests/CmsApi.Benchmarks/articles.lua" or "tests/CmsApi.Benchmarks/report.lua")
