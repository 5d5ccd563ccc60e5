#!/usr/bin/env bash
# How cost grows with the corpus: for each size, the time to build an index,
# its size on disk, the memory a searcher holds, and query latency.
#
#   bash bench/growth.sh [SIZES...]      (default: 10000 100000 1000000)
#
# Each size runs the Go benchmarks once (the index benchmark builds one
# index; the query benchmark 2,000 queries of the mixed log; the open
# benchmark reports heap and resident memory after the whole log) on
# synthetic corpora from ../shared/corpus, and prints a Markdown table row.
# Indexes are kept in the benchmark cache (~/.cache/exsearch/bench); a
# million documents take about 2 GB there, and the run takes about ten
# minutes on two cores.
set -euo pipefail
cd "$(dirname "$0")/.."
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(10000 100000 1000000)
cache=${EXSEARCH_BENCH_CACHE:-$HOME/.cache/exsearch/bench}
metric() { # benchmark output, metric unit → value
  awk -v unit="$2" '{ for (i = 2; i <= NF; i++) if ($i == unit) { print $(i-1); exit } }' <<<"$1"
}
echo "| documents | index build | docs/s | index size | heap | resident | query p50 | query p99 |"
echo "|--:|--:|--:|--:|--:|--:|--:|--:|"
for n in "${sizes[@]}"; do
  export EXSEARCH_BENCH_DOCS=$n
  ix=$(go test ./indexer -run '^$' -bench 'Index/exsearch' -benchtime 1x -count 1 -timeout 60m)
  q=$(go test ./search -run '^$' -bench 'Queries/exsearch$' -benchtime 2000x -count 1 -timeout 60m)
  o=$(go test ./search -run '^$' -bench 'Open' -benchtime 3x -count 1 -timeout 60m)
  rate=$(metric "$ix" docs/s)
  newest=$(ls -dt "$cache"/exsearch-"$n"-schema*)
  size=$(du -sm "${newest%%$'\n'*}" | cut -f1)
  printf '| %d | %.1f s | %.0f | %d MB | %.0f MB | %.0f MB | %s ms | %s ms |\n' \
    "$n" "$(awk -v n="$n" -v r="$rate" 'BEGIN { print n / r }')" "$rate" "$size" \
    "$(metric "$o" heap-MB)" "$(metric "$o" rss-MB)" "$(metric "$q" p50-ms)" "$(metric "$q" p99-ms)"
done
