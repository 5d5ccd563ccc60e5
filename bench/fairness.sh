#!/usr/bin/env bash
# Fairness under a flood of costly searches (issue 13, case 7), with wrk
# against a real server on loopback.
#
#   bash bench/fairness.sh [DOCS] [SECONDS] [ROUNDS] [BASE]
#                          (defaults: 10000 documents, 20 s, 3 rounds, no base)
#
# Eight connections send issue 13's costly query, 32 misspelt German
# compounds of about twenty letters that no dictionary holds, so that every
# one is looked up as a typo (search/cost_test.go has the same query), each
# request with its words in a new order; a ninth connection sends the
# benchmark's query log (synth/queries.tsv, over 400 queries in four
# languages), one request every 10 ms, like a visitor's browser rather than a
# flood. Each of ROUNDS rounds runs the ninth client alone for SECONDS, as a
# yardstick of how busy the machine is otherwise, then beside the flood for
# SECONDS; the script reports its latency (p50, p99, max) in both, what
# became of the flood's requests, and the medians over the rounds. The response cache is off, so that every ordinary query
# is searched too (the flood's shuffled words would miss the cache anyway).
#
# With BASE, a git revision, the server built from that revision is measured
# on the same corpus and index first: before and after, e.g.
#
#   bash bench/fairness.sh 10000 20 3 1784d63
#
# Needs wrk (Debian: apt-get install wrk).
set -euo pipefail
cd "$(dirname "$0")/.."
docs=${1:-10000}
secs=${2:-20}
rounds=${3:-3}
base=${4:-}
. bench/setup.sh

hostile=(Kniebeugenlangehantelx Schulterdrückmaschinne Kreuzhebenvariatioen Bankdrückvariationenn
  Oberschenkelrückseitee Rumpfstabilisationsübunng Latzugmaschinenvarinte Kurzhantelseitheebenn
  Beinpressmaschinnen Trizepsdrückkabelzugg Bizepscurlvariationnen Wadenheebenmaschinne
  Rudernlanghantelvorgb Hüftstreckungsübunggen Schulterblattstabilsat Ausfallschrittvarinten
  Klimmzugvariationnen Liegestützvariatioonen Bauchmuskeltrainngsplan Rückenstreckermaschnie
  Brustmuskeldehnungüb Gesäßmuskelaktivierng Oberkörperkräftigungs Unterkörpertrainingsp
  Beweglichkeitsübungenx Koordinationstrainngs Ausdauertrainingseinht Kraftausdauerübungenn
  Schnellkraftübungsvar Maximalkrafttrainingg Dehnungsübungensammlg Aufwärmübungsprogrmm)

uri() { jq -rn --arg s "$1" '$s | @uri'; }

{
  echo "local words = {"
  for w in "${hostile[@]}"; do echo "  \"$(uri "$w")\","; done
  echo "}"
  cat <<'LUA'
local n = 0
setup = function(thread)
  n = n + 1
  thread:set("id", n)
end
init = function()
  math.randomseed(os.time() * 100 + id)
end
request = function()
  for i = #words, 2, -1 do
    local j = math.random(i)
    words[i], words[j] = words[j], words[i]
  end
  return wrk.format("GET", "/api/search?q=" .. table.concat(words, "%20"))
end
done = function(summary, latency, requests)
  io.write(string.format("flood: %d requests, %d not 2xx, %d timeouts, p50 %.0f ms\n",
    summary.requests, summary.errors.status, summary.errors.timeout, latency:percentile(50) / 1000))
end
LUA
} > "$work/flood.lua"

{
  echo "local paths = {"
  while IFS= read -r q; do echo "  \"/api/search?q=$(uri "$q")\","; done < "$work/queries.txt"
  echo "}"
  cat <<'LUA'
local i = 0
request = function()
  i = i % #paths + 1
  return wrk.format("GET", paths[i])
end
delay = function() return 10 end
done = function(summary, latency, requests)
  io.write(string.format("ninth: %d requests, %d not 2xx, p50 %.2f ms, p99 %.2f ms, max %.2f ms\n",
    summary.requests, summary.errors.status + summary.errors.timeout,
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, latency.max / 1000))
end
LUA
} > "$work/ninth.lua"

bins=()
if [ -n "$base" ]; then
  mkdir "$work/base"
  git archive "$base" | tar -x -C "$work/base"
  (cd "$work/base" && go build -o "$work/exsearch-base" ./cmd/exsearch)
  bins+=("$work/exsearch-base")
fi
bins+=("$work/exsearch")

port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
url=http://127.0.0.1:$port

# median of the numbers on stdin
median() { sort -n | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else printf "%.2f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
# ninth: the ninth client's run, its line of results kept in $work/$1.txt
ninth() { wrk -t1 -c1 -d"${secs}s" --timeout 10s -s "$work/ninth.lua" "$url" | tail -1 | tee -a "$work/$1.txt"; }

for bin in "${bins[@]}"; do
  name=after
  [ "$bin" = "$work/exsearch-base" ] && name="before ($base)"
  : > "$work/alone.txt"
  : > "$work/flooded.txt"
  for round in $(seq "$rounds"); do
    "$bin" serve --index "$work/ix" --addr "127.0.0.1:$port" --cache-size 0 --log-level error &
    pid=$!
    for _ in $(seq 100); do curl -sf "$url/readyz" >/dev/null && break; sleep 0.1; done
    echo "== $name, round $round: $docs documents, ${secs}s the ninth client alone, then ${secs}s beside 8 flooding connections"
    ninth alone
    wrk -t2 -c8 -d"$((secs + 4))s" --timeout 10s -s "$work/flood.lua" "$url" > "$work/flood.txt" &
    flood=$!
    sleep 2 # let the flood's line form
    ninth flooded
    wait $flood
    tail -1 "$work/flood.txt"
    kill $pid
    wait $pid 2>/dev/null || true
  done
  for run in alone flooded; do
    echo "-- $name, median of $rounds rounds, ninth client $run: p50 $(awk '{print $8}' "$work/$run.txt" | median) ms," \
      "p99 $(awk '{print $11}' "$work/$run.txt" | median) ms"
  done
done
