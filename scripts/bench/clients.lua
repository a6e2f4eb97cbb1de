-- wrk script: many clients each asking a question and polling it every 2 s, as the guide's
-- JavaScript client does. Each wrk connection is one client sending one request every
-- POLL_MS (default 2000); one request in four is a new question (a client whose previous
-- answer arrived asks again), the others poll the thread's most recently submitted tasks.
-- CLIENTS and THREADS must match -c and -t: each thread keeps the ids of as many recent tasks as
-- it has clients, so a task is polled for about 4 intervals after it was asked, like a client
-- waiting for a 5-second answer.
-- Usage: CLIENTS=2000 THREADS=2 wrk -t2 -c2000 -d60s --timeout 10s --latency -s scripts/bench/clients.lua http://127.0.0.1:8080

local poll_ms = tonumber(os.getenv("POLL_MS") or "2000")
local clients_per_thread = math.max(1, math.floor(tonumber(os.getenv("CLIENTS") or "1000") / tonumber(os.getenv("THREADS") or "2")))
local submit_every = 4
local counter = 0
local delays = 0
local ring, ring_size, ring_next = {}, clients_per_thread, 1
local seen = 0

local submit_request = nil

function init(args)
  submit_request = wrk.format("POST", "/api/v2/chat/qa/async", { ["Content-Type"] = "application/json" },
    '{"input":"孕妇最近出现头晕症状，需要什么建议？","maternal_id":123,"user_type":"pregnant_mother","file_id":[]}')
end

function delay()
  -- Spread each client's first request over one interval so the clients do not poll in lockstep.
  delays = delays + 1
  if delays <= clients_per_thread then return math.random(0, poll_ms) end
  return poll_ms
end

function request()
  counter = counter + 1
  if seen == 0 or counter % submit_every == 0 then
    return submit_request
  end
  local id = ring[math.random(1, math.min(seen, ring_size))]
  return wrk.format("GET", "/api/v2/chat/qa/task/" .. id .. "/status")
end

function response(status, headers, body)
  local id = body:match('"task_id":"(task_[%w%-]+)"')
  if id and body:find('"status_url"', 1, true) then
    ring[ring_next] = id
    ring_next = ring_next % ring_size + 1
    seen = seen + 1
  end
end

function done(summary, latency, requests)
  io.write(string.format("requests: %d, errors: connect %d read %d write %d status %d timeout %d\n",
    summary.requests, summary.errors.connect, summary.errors.read, summary.errors.write,
    summary.errors.status, summary.errors.timeout))
  io.write(string.format("latency p50 %.2f ms, p99 %.2f ms, max %.2f ms\n",
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, latency.max / 1000))
end
