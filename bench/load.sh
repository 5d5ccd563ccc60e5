#!/usr/bin/env bash
# HTTP load test of /api/search with wrk against a real server on loopback.
#
#   bash bench/load.sh [DOCS] [SECONDS]      (defaults: 10000 documents, 20 s)
#
# It builds exsearch, writes a synthetic corpus of DOCS documents from
# ../shared/corpus, indexes it, and runs wrk twice at 32 connections for
# SECONDS each: the benchmark query log (synth/queries.tsv, over 400
# queries in four languages, each with and without facet filters) with the
# response cache off, then the same log with the cache on (repeated popular
# queries). Each run is bounded by time.
# Needs wrk (Debian: apt-get install wrk).
set -euo pipefail
cd "$(dirname "$0")/.."
docs=${1:-10000}
secs=${2:-20}
. bench/setup.sh

cat > "$work/log.lua" <<LUA
dofile("$work/paths.lua") -- the request log (bench/setup.sh)
done = function(summary, latency, requests)
  io.write(string.format("requests %d, errors %d (status %d, timeouts %d), %.0f req/s\n",
    summary.requests, summary.errors.status + summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    summary.errors.status, summary.errors.timeout, summary.requests / (summary.duration / 1e6)))
  io.write(string.format("latency p50 %.2f ms, p90 %.2f ms, p99 %.2f ms, max %.2f ms\n",
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000, latency.max / 1000))
end
LUA

run() { # name cache-size
  "$work/exsearch" serve --index "$work/ix" --addr 127.0.0.1:18080 --cache-size "$2" --log-level warn &
  pid=$!
  for _ in $(seq 100); do curl -sf http://127.0.0.1:18080/readyz >/dev/null && break; sleep 0.1; done
  echo "== $1 ($docs documents, 32 connections, ${secs}s)"
  wrk -t2 -c32 -d"${secs}s" --timeout 5s -s "$work/log.lua" http://127.0.0.1:18080 | tail -2
  echo "resident memory: $(ps -o rss= -p $pid | awk '{printf "%.0f MB", $1/1024}')"
  kill $pid; wait $pid 2>/dev/null || true
}
run "mixed query log, cache off" 0
run "mixed query log, cache on" 4096
