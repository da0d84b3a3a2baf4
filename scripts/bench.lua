-- wrk script for scripts/bench. The request is built once from environment
-- variables (so every operation costs wrk the same, and no Lua runs per
-- request); done() prints one machine-readable line for the bench script.
--   BENCH_METHOD, BENCH_PATH, BENCH_AUTH (Authorization value),
--   BENCH_COOKIE (Cookie value), BENCH_BODY (JSON body for POST)
wrk.method = os.getenv("BENCH_METHOD") or "GET"
wrk.path = os.getenv("BENCH_PATH") or "/"
local auth = os.getenv("BENCH_AUTH")
local cookie = os.getenv("BENCH_COOKIE")
local body = os.getenv("BENCH_BODY")
if auth and auth ~= "" then wrk.headers["Authorization"] = auth end
if cookie and cookie ~= "" then wrk.headers["Cookie"] = cookie end
if body and body ~= "" then
    wrk.body = body
    wrk.headers["Content-Type"] = "application/json"
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
