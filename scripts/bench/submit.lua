-- wrk script: POST /api/v2/chat/qa/async with realistic, varied questions.
-- Usage: wrk -t2 -c64 -d20s --latency -s scripts/bench/submit.lua http://127.0.0.1:8080
-- Each thread pre-builds 1000 requests (questions × maternal ids × user types) and cycles them,
-- so the Lua side costs almost nothing per request.

local questions = {
  "孕妇最近出现头晕症状，需要什么建议？", "怀孕早期恶心呕吐很严重怎么办", "孕期每天要补充多少叶酸",
  "孕晚期睡觉应该采取什么姿势", "产后恶露一般持续多久", "母乳喂养宝宝多久喂一次",
  "孕期可以喝咖啡吗", "糖耐量检查什么时候做", "产后情绪低落总想哭", "孕期可以运动吗",
}
local user_types = { "pregnant_mother", "postpartum_mother", "family_member", "doctor" }
local requests = {}
local next_index = 1

function init(args)
  local thread_offset = math.random(1, 1000000)
  for i = 1, 1000 do
    local body = string.format('{"input":"%s","maternal_id":%d,"user_type":"%s","file_id":[]}',
      questions[(i % #questions) + 1], thread_offset + i, user_types[(i % #user_types) + 1])
    requests[i] = wrk.format("POST", "/api/v2/chat/qa/async", { ["Content-Type"] = "application/json" }, body)
  end
end

function request()
  local r = requests[next_index]
  next_index = next_index % #requests + 1
  return r
end
