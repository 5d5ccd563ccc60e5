#!/usr/bin/env bash
# What search analytics cost under load: bench/load.sh's query log against
# a real server with analytics off, into SQLite, and into PostgreSQL.
#
#   bash bench/analytics-load.sh [DOCS] [SECONDS] [ROUNDS]   (defaults: 10000, 10, 3)
#
# Each round runs the three servers one after the other (so that a change
# in the machine's load falls on all three alike), with the response cache
# on (popular queries repeat; the cheaper a search, the more analytics
# weigh) and wrk at 32 connections; it prints each run and the median
# req/s of each setting with its share of "off". PostgreSQL is a private
# cluster from Debian's postgresql package in the work directory (as the
# user nobody when run as root, since postgres refuses root).
# Needs wrk and postgresql.
set -euo pipefail
cd "$(dirname "$0")/.."
docs=${1:-10000}
secs=${2:-10}
rounds=${3:-3}
. bench/setup.sh

cat > "$work/log.lua" <<LUA
dofile("$work/paths.lua") -- the request log (bench/setup.sh)
done = function(summary, latency, requests)
  io.write(string.format("%.0f req/s, errors %d, p99 %.2f ms\n", summary.requests / (summary.duration / 1e6),
    summary.errors.status + summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    latency:percentile(99) / 1000))
end
LUA

# A private PostgreSQL on a unix socket in the work directory.
bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
pg="$work/pg"
mkdir -p "$pg"; chmod 755 "$work" "$pg"
as=()
if [ "$(id -u)" = 0 ]; then chown nobody "$pg"; as=(runuser -u nobody --); fi
"${as[@]}" "$bin/initdb" -D "$pg/data" -U exsearch --auth=trust --no-sync >/dev/null
"${as[@]}" "$bin/pg_ctl" -D "$pg/data" -l "$pg/log" -o "-k $pg -c listen_addresses=''" -w start >/dev/null
trap '"${as[@]}" "$bin/pg_ctl" -D "$pg/data" -m fast -w stop >/dev/null 2>&1 || true; kill $(jobs -p) 2>/dev/null || true; rm -rf "$work"' EXIT
dsn="postgres://exsearch@/postgres?host=$pg&sslmode=disable"

run() { # name flags...
  local name=$1; shift
  "$work/exsearch" serve --index "$work/ix" --addr 127.0.0.1:18080 --log-level warn "$@" &
  local pid=$!
  for _ in $(seq 100); do curl -sf http://127.0.0.1:18080/readyz >/dev/null && break; sleep 0.1; done
  local out; out=$(wrk -t2 -c32 -d"${secs}s" --timeout 5s -s "$work/log.lua" http://127.0.0.1:18080 | tail -1)
  local an; an=$(curl -s http://127.0.0.1:18080/metrics | grep '^exsearch_analytics_records_total' | sed 's/exsearch_analytics_records_total{outcome="\([a-z]*\)"} /\1 /' | tr "\n" " " || true)
  echo "$name: $out ${an:+(records: $an)}"
  echo "$name $(echo "$out" | awk '{print $1}')" >> "$work/results.txt"
  kill $pid; wait $pid 2>/dev/null || true
}
echo "== $docs documents, cache on, 32 connections, ${secs}s a run, $rounds rounds; load average: $(cut -d' ' -f1-3 /proc/loadavg)"
for r in $(seq "$rounds"); do
  run off --analytics off
  rm -f "$work/ix/analytics.sqlite"*
  run sqlite --analytics on
  run postgres --analytics on --analytics-dsn "$dsn"
done
median() { grep "^$1 " "$work/results.txt" | awk '{print $2}' | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
off=$(median off)
for s in off sqlite postgres; do
  m=$(median $s)
  echo "median $s: $m req/s ($(awk -v m="$m" -v o="$off" 'BEGIN {printf "%.1f", 100*m/o}') % of off)"
done
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
