#!/usr/bin/env bash
# What search analytics cost under load: bench/load.sh's query log against
# a real server with analytics off, into SQLite, and into PostgreSQL.
#
#   bash bench/analytics-load.sh [DOCS] [SECONDS] [ROUNDS]   (defaults: 10000, 10, 3)
#
# Each round runs the three servers one after the other, in an order that
# turns from round to round (so that a change in the machine's load falls
# on all three alike), with the response cache on (popular queries repeat;
# the cheaper a search, the more analytics weigh) and wrk at 32
# connections. It prints each run with the CPU time a request cost the
# server and the PostgreSQL cluster, then per setting the median req/s,
# the median of each round's ratio to its own "off" run, and the median
# CPU a request: on a shared machine whose speed drifts, the ratio of CPU
# is the steadier figure of what analytics cost. PostgreSQL is a private
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

# CPU time (clock ticks) of the server process, and of the PostgreSQL
# cluster: the postmaster with its children, live and exited (autovacuum
# workers come and go).
ticks() { cut -d' ' -f14,15 "/proc/$1/stat" | awk '{print $1+$2}'; }
pgticks() {
  local pm; pm=$(head -1 "$pg/data/postmaster.pid")
  local t; t=$(cut -d' ' -f14-17 "/proc/$pm/stat" | awk '{print $1+$2+$3+$4}')
  for c in $(pgrep -P "$pm"); do t=$((t + $(ticks "$c" 2>/dev/null || echo 0))); done
  echo "$t"
}
hz=$(getconf CLK_TCK)

run() { # name round flags...
  local name=$1 round=$2; shift 2
  "$work/exsearch" serve --index "$work/ix" --addr 127.0.0.1:18080 --log-level warn "$@" &
  local pid=$!
  for _ in $(seq 100); do curl -sf http://127.0.0.1:18080/readyz >/dev/null && break; sleep 0.1; done
  local s0 p0 s1 p1; s0=$(ticks $pid); p0=$(pgticks)
  local out; out=$(wrk -t2 -c32 -d"${secs}s" --timeout 5s -s "$work/log.lua" http://127.0.0.1:18080)
  sleep 1.2 # the last batch, written within a second, is part of the cost
  s1=$(ticks $pid); p1=$(pgticks)
  local line; line=$(echo "$out" | tail -1)
  local n; n=$(echo "$out" | awk '/requests in/ {print $1}')
  local cpu; cpu=$(awk -v s=$((s1 - s0)) -v p=$((p1 - p0)) -v n="$n" -v hz="$hz" 'BEGIN {printf "server %.0f µs, PostgreSQL %.0f µs of CPU a request", 1e6*s/hz/n, 1e6*p/hz/n}')
  local an; an=$(curl -s http://127.0.0.1:18080/metrics | grep '^exsearch_analytics_records_total' | sed 's/exsearch_analytics_records_total{outcome="\([a-z]*\)"} /\1 /' | tr "\n" " " || true)
  echo "$name: $line; $cpu ${an:+(records: $an)}"
  echo "$name $round $(echo "$line" | awk '{print $1}') $(awk -v s=$((s1 - s0 + p1 - p0)) -v n="$n" -v hz="$hz" 'BEGIN {printf "%.1f", 1e6*s/hz/n}')" >> "$work/results.txt"
  kill $pid; wait $pid 2>/dev/null || true
}
echo "== $docs documents, cache on, 32 connections, ${secs}s a run, $rounds rounds; load average: $(cut -d' ' -f1-3 /proc/loadavg)"
# Each round runs the three in another order, so that a setting is not
# always the one after (or before) a busy PostgreSQL.
orders=("off sqlite postgres" "sqlite postgres off" "postgres off sqlite")
for r in $(seq "$rounds"); do
  for s in ${orders[$(((r - 1) % 3))]}; do
    case $s in
      off) run off "$r" --analytics off ;;
      sqlite) rm -f "$work/ix/analytics.sqlite"*; run sqlite "$r" --analytics on ;;
      postgres) run postgres "$r" --analytics on --analytics-dsn "$dsn" ;;
    esac
  done
done
# The machine's speed drifts (other tenants); a round's three runs are
# close in time, so each round gives a ratio to its own "off", and the
# summary is the median of those ratios beside the medians of req/s.
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
off=$(awk '$1 == "off" {print $3}' "$work/results.txt" | median)
offcpu=$(awk '$1 == "off" {print $4}' "$work/results.txt" | median)
for s in off sqlite postgres; do
  m=$(awk -v s=$s '$1 == s {print $3}' "$work/results.txt" | median)
  cpu=$(awk -v s=$s '$1 == s {print $4}' "$work/results.txt" | median)
  ratio=$(awk -v s=$s '$1 == "off" {o[$2] = $3} $1 == s {m[$2] = $3} END {for (r in m) printf "%.4f\n", m[r] / o[r]}' "$work/results.txt" | median)
  echo "median $s: $m req/s ($(awk -v m="$m" -v o="$off" 'BEGIN {printf "%.1f", 100*m/o}') % of off's median; median of the rounds' ratios $(awk -v r="$ratio" 'BEGIN {printf "%.1f", 100*r}') %); CPU a request (server + PostgreSQL) $cpu µs ($(awk -v c="$cpu" -v o="$offcpu" 'BEGIN {printf "%+.1f", 100*(c/o-1)}') %)"
done
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
