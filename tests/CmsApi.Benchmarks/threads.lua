-- Shared by the scripts that vary their requests: each wrk thread gets a thread_id (set by setup() in the main
-- state, a global of the thread's own Lua state) and its own random sequence.
local threads = 0
setup = function(thread)
  thread:set("thread_id", threads)
  threads = threads + 1
end
init = function()
  math.randomseed(os.time() * 100 + thread_id)
end
