#!/usr/bin/env bash
# Soak test: 64 concurrent connections of mixed queries and facet
# combinations against a real server on loopback, in one-minute rounds, with
# the server's resident memory read between rounds.
#
#   bash bench/soak.sh [DOCS] [MINUTES] [SECONDS_PER_ROUND]
#       (defaults: 100000 documents, 5 rounds of 60 s)
#
# It prints, per round, requests, errors and latency percentiles, so the
# first and last minute can be compared. Needs wrk (apt-get install wrk).
set -euo pipefail
cd "$(dirname "$0")/.."
docs=${1:-100000}
rounds=${2:-5}
secs=${3:-60}
. bench/setup.sh

# Mixed queries and facet combinations.
: > "$work/paths.txt"
facets=("" "&muscle=legs" "&lang=da&lang=en" "&equipment=dumbbell&focus=knee-dominant" "&kind=exercise&equipment_mode=have&equipment=barbell" "&muscle=unspecified" "&page=3")
i=0
while IFS= read -r q; do
  enc=$(python3 -c 'import sys,urllib.parse;print(urllib.parse.quote(sys.argv[1]))' "$q")
  for f in "${facets[@]}"; do
    echo "/api/search?q=$enc$f" >> "$work/paths.txt"
  done
  i=$((i + 1))
done < "$work/queries.txt"
for f in "${facets[@]}"; do echo "/api/search?size=10$f" >> "$work/paths.txt"; done
cat > "$work/soak.lua" <<LUA
local paths = {}
for line in io.lines("$work/paths.txt") do paths[#paths + 1] = line end
local i = 0
request = function()
  i = i % #paths + 1
  return wrk.format("GET", paths[i])
end
done = function(summary, latency, requests)
  local errors = summary.errors.status + summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout
  io.write(string.format("requests %d, errors %d, %.0f req/s, p50 %.2f ms, p99 %.2f ms, max %.2f ms\n",
    summary.requests, errors, summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, latency.max / 1000))
end
LUA

"$work/exsearch" serve --index "$work/ix" --addr 127.0.0.1:18081 --cache-size 0 --log-level warn &
pid=$!
for _ in $(seq 200); do curl -sf http://127.0.0.1:18081/readyz >/dev/null && break; sleep 0.1; done
echo "soak: $docs documents, 64 connections, $rounds rounds of ${secs}s, cache off"
echo "resident memory at start: $(ps -o rss= -p $pid | awk '{printf "%.0f MB", $1/1024}')"
for r in $(seq "$rounds"); do
  printf "round %d: " "$r"
  wrk -t2 -c64 -d"${secs}s" --timeout 10s -s "$work/soak.lua" http://127.0.0.1:18081 | tail -1
  echo "  resident memory: $(ps -o rss= -p $pid | awk '{printf "%.0f MB", $1/1024}')"
done
