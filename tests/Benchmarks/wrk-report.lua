-- wrk script: adds the API key and, if set, If-None-Match; prints one machine-readable line with percentiles.
wrk.headers["Authorization"] = os.getenv("BENCH_AUTH")
local etag = os.getenv("BENCH_ETAG")
if etag ~= nil and etag ~= "" then
  wrk.headers["If-None-Match"] = etag
end

done = function(summary, latency, requests)
  local errors = summary.errors.status + summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout
  io.write(string.format("RESULT %d %.3f %.3f %.3f %.3f %.3f %d\n",
    summary.requests, summary.duration / 1e6,
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, latency:percentile(99.9) / 1000, latency.max / 1000, errors))
end
