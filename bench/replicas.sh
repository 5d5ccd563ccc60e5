#!/usr/bin/env bash
# Requests per second through nginx for 1, 2 and 3 exsearch replicas over
# one index, and one replica without nginx for comparison.
#
#   bash bench/replicas.sh [DOCS] [SECONDS]      (defaults: 10000 documents, 15 s)
#
# It builds exsearch, writes a synthetic corpus of DOCS documents from
# ../shared/corpus with its query log, indexes it once, and for each replica
# count starts that many `exsearch serve` on loopback over the one index
# directory, and nginx running deploy/nginx.conf (its upstream's server
# lines swapped for the replicas, its listen port and /tmp/ for a private
# directory, as cmd/exsearch/replicas_test.go does), then runs wrk at 32
# connections through nginx with the mixed query log (each query alone and
# with facet filters), the response cache off. Needs wrk and nginx (Debian:
# apt-get install wrk nginx). Prints a Markdown table and the load average:
# req/s are only comparable on an otherwise idle machine; the CPU time the
# replicas and nginx spend per request depends much less on what else runs,
# and says what more cores would give (cores / CPU time per request).
set -euo pipefail
cd "$(dirname "$0")/.."
docs=${1:-10000}
secs=${2:-15}
nginx=$(command -v nginx || echo /usr/sbin/nginx)
[ -x "$nginx" ] || { echo "nginx is not installed (apt-get install nginx)"; exit 1; }
. bench/setup.sh
chmod 755 "$work"   # nginx's workers (nobody, when run as root) reach their temp files

cat > "$work/log.lua" <<LUA
dofile("$work/paths.lua") -- the request log (bench/setup.sh)
done = function(summary, latency, requests)
  local errors = summary.errors.status + summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout
  io.write(string.format("RESULT %.0f %.2f %.2f %d %d\n", summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, errors, summary.requests))
end
LUA

# render N: deploy/nginx.conf with N replicas on 127.0.0.1:1808x, listening
# on 127.0.0.1:18080.
render() {
  local n=$1 user=""
  [ "$(id -u)" = 0 ] && user="user nobody $(id -gn nobody);"
  mkdir -p "$work/nginx/tmp"
  [ "$(id -u)" = 0 ] && chown nobody "$work/nginx/tmp"
  { echo "$user"
    awk -v n="$n" -v tmp="$work/nginx/tmp" '
      /^[ \t]*server[ \t]+[^ \t;]+:[0-9]+/ {
        if (!done) {
          params = $0; sub(/^[ \t]*server[ \t]+[^ \t;]+/, "", params)
          indent = $0; sub(/server.*/, "", indent)
          for (i = 1; i <= n; i++) printf "%sserver 127.0.0.1:%d%s\n", indent, 18080 + i, params
          done = 1
        }
        next
      }
      /^[ \t]*listen[ \t]+[0-9]+;/ { sub(/[0-9]+;/, "127.0.0.1:18080;") }
      { gsub(/ \/tmp\//, " " tmp "/"); print }
    ' deploy/nginx.conf
  } > "$work/nginx/nginx.conf"
}

wait_ready() { for _ in $(seq 200); do curl -sf "$1/readyz" >/dev/null && return; sleep 0.1; done; echo "$1 not ready"; exit 1; }

# searches N: the searches each of the N replicas answered, from /metrics.
searches() {
  local out=""
  for i in $(seq "$1"); do
    out="$out$(curl -s "http://127.0.0.1:$((18080 + i))/metrics" |
      awk '/^exsearch_searches_total\{/ && /endpoint="search"/ { s += $NF } END { printf "%d", s }') "
  done
  echo "${out% }" | sed 's/ / · /g'
}

# cputicks PID...: user and system CPU time the processes have used, in
# clock ticks. On a shared machine req/s depends on what else runs; the CPU
# time per request does much less, and says what more cores would give.
cputicks() { local t=0; for p in "$@"; do t=$((t + $(awk '{print $14 + $15}' "/proc/$p/stat" 2>/dev/null || echo 0))); done; echo "$t"; }

measure() { # label URL replicas nginx-pids...
  local label=$1 url=$2 n=$3 r rs0 ng0 rs1 ng1 tck reqs
  shift 3
  tck=$(getconf CLK_TCK)
  rs0=$(cputicks "${pids[@]}"); ng0=$(cputicks "$@")
  r=$(wrk -t2 -c32 -d"${secs}s" --timeout 5s -s "$work/log.lua" "$url" | grep '^RESULT')
  rs1=$(cputicks "${pids[@]}"); ng1=$(cputicks "$@")
  read -r _ rps p50 p99 errs reqs <<< "$r"
  printf '| %s | %s | %s | %s | %s | %s | %s | %s |\n' "$label" "$rps" "$p50" "$p99" "$errs" \
    "$(awk -v t=$((rs1 - rs0)) -v k="$tck" -v n="$reqs" 'BEGIN { printf "%.2f", t / k * 1000 / n }')" \
    "$(awk -v t=$((ng1 - ng0)) -v k="$tck" -v n="$reqs" 'BEGIN { printf "%.2f", t / k * 1000 / n }')" \
    "$(searches "$n")" >> "$work/table.md"
}

start_replicas() { # N
  pids=()
  for i in $(seq "$1"); do
    "$work/exsearch" serve --index "$work/ix" --addr "127.0.0.1:$((18080 + i))" --cache-size 0 \
      --trusted-proxies 127.0.0.1/32 --log-level warn &
    pids+=($!)
  done
  for i in $(seq "$1"); do wait_ready "http://127.0.0.1:$((18080 + i))"; done
}
stop_replicas() { kill "${pids[@]}"; wait "${pids[@]}" 2>/dev/null || true; }

echo "| setup | req/s | p50 ms | p99 ms | errors | replicas' CPU ms/request | nginx's CPU ms/request | searches per replica |" > "$work/table.md"
echo "|---|---:|---:|---:|---:|---:|---:|---|" >> "$work/table.md"

start_replicas 1
echo "== 1 replica, no nginx (${secs}s)"
measure "1 replica, direct" http://127.0.0.1:18081 1
stop_replicas

for n in 1 2 3; do
  start_replicas "$n"
  render "$n"
  "$nginx" -p "$work/nginx" -c "$work/nginx/nginx.conf" -e stderr -g 'daemon off;' &
  ngx=$!
  wait_ready http://127.0.0.1:18080
  echo "== $n replica(s) through nginx (${secs}s)"
  measure "$n replica(s) through nginx" http://127.0.0.1:18080 "$n" "$ngx" $(pgrep -P "$ngx")
  kill -QUIT "$ngx"; wait "$ngx" 2>/dev/null || true
  stop_replicas
done

echo
echo "$docs documents, mixed query log, response cache off, wrk -t2 -c32, $(nproc) cores"
cat "$work/table.md"
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
