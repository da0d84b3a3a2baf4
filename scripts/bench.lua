-- wrk script for scripts/bench. The request is built once from environment
-- variables (so every operation costs wrk the same, and no Lua runs per
-- request); done() prints one machine-readable line for the bench script.
--   BENCH_METHOD, BENCH_PATH, BENCH_AUTH (Authorization value),
--   BENCH_COOKIE (Cookie value), BENCH_BODY (JSON body for POST),
--   BENCH_ALT: a second body; requests alternate between BENCH_BODY and it
--     (a vote for, then against: each request changes something).
--   BENCH_CYCLE=N: BENCH_BODY contains {n}; the requests cycle through
--     n = 1..N (each thread starting elsewhere), so a write that would be a
--     no-op when repeated (setting a task's progress) changes something on
--     every request. Only then does Lua run per request: an index lookup.
wrk.method = os.getenv("BENCH_METHOD") or "GET"
wrk.path = os.getenv("BENCH_PATH") or "/"
local auth = os.getenv("BENCH_AUTH")
local cookie = os.getenv("BENCH_COOKIE")
local body = os.getenv("BENCH_BODY")
local cycle = tonumber(os.getenv("BENCH_CYCLE") or "")
local alt = os.getenv("BENCH_ALT")
if auth and auth ~= "" then wrk.headers["Authorization"] = auth end
if cookie and cookie ~= "" then wrk.headers["Cookie"] = cookie end
if body and body ~= "" then
    wrk.body = body
    wrk.headers["Content-Type"] = "application/json"
end

if alt and alt ~= "" and body and body ~= "" then
    local prepared, i = {}, 0
    init = function(args)
        prepared[1] = wrk.format(nil, nil, nil, body)
        prepared[2] = wrk.format(nil, nil, nil, alt)
    end
    request = function()
        i = i % 2 + 1
        return prepared[i]
    end
elseif cycle and cycle > 0 and body and body ~= "" then
    local threads = 0
    setup = function(thread)
        thread:set("thread_index", threads)
        threads = threads + 1
    end
    local prepared, i = {}, 0
    init = function(args)
        for n = 1, cycle do
            prepared[n] = wrk.format(nil, nil, nil, (body:gsub("{n}", tostring(n))))
        end
        -- Threads start half a cycle apart, so two connections rarely send the same value at once.
        i = ((thread_index or 0) * math.floor(cycle / 2)) % cycle
    end
    request = function()
        i = i % cycle + 1
        return prepared[i]
    end
end

done = function(summary, latency, requests)
    local e = summary.errors
    -- errors.status counts responses with status > 399 (2xx and 3xx are fine).
    io.write(string.format(
        "BENCH requests=%d duration_us=%d p50_us=%d p99_us=%d socket_errors=%d status_errors=%d\n",
        summary.requests, summary.duration,
        latency:percentile(50), latency:percentile(99),
        e.connect + e.read + e.write + e.timeout, e.status))
end
