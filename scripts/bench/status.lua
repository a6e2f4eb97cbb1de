-- wrk script: GET /api/v2/chat/qa/task/{task_id}/status over a set of existing task ids.
-- Usage: TASK_IDS=ids.txt wrk -t2 -c64 -d20s --latency -s scripts/bench/status.lua http://127.0.0.1:8080
-- TASK_IDS names a file with one task id per line (run.sh makes it from the task list).

local requests = {}
local next_index = 1

function init(args)
  local path = os.getenv("TASK_IDS") or "task_ids.txt"
  for id in io.lines(path) do
    if #id > 0 then
      requests[#requests + 1] = wrk.format("GET", "/api/v2/chat/qa/task/" .. id .. "/status")
    end
  end
  assert(#requests > 0, "no task ids in " .. path)
  -- Threads start at different places so they do not poll the same task at the same time.
  next_index = math.random(1, #requests)
end

function request()
  local r = requests[next_index]
  next_index = next_index % #requests + 1
  return r
end
