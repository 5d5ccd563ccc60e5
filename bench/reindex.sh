#!/usr/bin/env bash
# exsearch reindex against plain bleve, on the same files, as a user runs it:
# the wall clock of the command, reading the files included, and its peak
# resident memory (the summary's, which is getrusage's; /usr/bin/time -v
# agrees).
#
#   bash bench/reindex.sh [DOCS] [RUNS] [CORPUS_DIR]
#
# Writes a synthetic corpus of DOCS front-matter Markdown files (default
# 100000) from ../shared/corpus with `exsearch gen-corpus`, or uses
# CORPUS_DIR if given, then runs `exsearch reindex` and `exsearch reindex
# --plain` (the baseline: bleve's stock analyzers, one batch of 500 after
# another, as the walking product built its index) in turn, RUNS times each
# (default 3), and prints every run and the medians: documents a second,
# reading and indexing, peak memory, and exsearch's docs/s over plain
# bleve's. The load average is printed before and after: other work on the
# machine slows both alike, which the ratio absorbs better than the rates.
set -euo pipefail
cd "$(dirname "$0")/.."
docs=${1:-100000}
runs=${2:-3}
corpus=${3:-}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
go build -o "$work/exsearch" ./cmd/exsearch
if [ -z "$corpus" ]; then
  corpus="$work/corpus"
  "$work/exsearch" gen-corpus --docs "$docs" --out "$corpus" ../shared/corpus >/dev/null
fi
field() { # JSON summary, key → value
  awk -v k="\"$1\":" '$1 == k { v = $2; sub(/,$/, "", v); print v; exit }' "$2"
}
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "| run | engine | documents | seconds | docs/s | reading | indexing | peak memory |"
echo "|--:|---|--:|--:|--:|--:|--:|--:|"
: >"$work/rows"
for run in $(seq "$runs"); do
  for engine in exsearch plain; do
    flag=""
    [ "$engine" = plain ] && flag=--plain
    rm -rf "$work/ix"
    "$work/exsearch" reindex $flag --json --progress none --index "$work/ix" "$corpus" >"$work/out.json"
    n=$(field documents "$work/out.json")
    s=$(field seconds "$work/out.json")
    r=$(field reading_seconds "$work/out.json")
    i=$(field indexing_seconds "$work/out.json")
    m=$(field peak_rss_bytes "$work/out.json")
    echo "$engine $n $s $r $i $m" >>"$work/rows"
    awk -v run="$run" -v e="$engine" -v n="$n" -v s="$s" -v r="$r" -v i="$i" -v m="$m" 'BEGIN {
      printf "| %d | %s | %d | %.1f | %.0f | %.1f s | %.1f s | %.0f MB |\n", run, e, n, s, n / s, r, i, m / 1048576 }'
  done
done
rm -rf "$work/ix"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
awk '
  function median(a, n,   i, j, t) {
    for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (a[j] < a[i]) { t = a[i]; a[i] = a[j]; a[j] = t }
    return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
  }
  { k = ++count[$1]; docs[$1] = $2; rate[$1, k] = $2 / $3; rd[$1, k] = $4; ix[$1, k] = $5; mem[$1, k] = $6 }
  END {
    print ""
    print "| medians | docs/s | reading | indexing | peak memory |"
    print "|---|--:|--:|--:|--:|"
    for (e = 0; e < 2; e++) {
      name = e ? "plain" : "exsearch"
      for (k = 1; k <= count[name]; k++) { a[k] = rate[name, k] } ; r[name] = median(a, count[name])
      for (k = 1; k <= count[name]; k++) { a[k] = rd[name, k] } ; m1 = median(a, count[name])
      for (k = 1; k <= count[name]; k++) { a[k] = ix[name, k] } ; m2 = median(a, count[name])
      for (k = 1; k <= count[name]; k++) { a[k] = mem[name, k] } ; m3 = median(a, count[name])
      printf "| %s | %.0f | %.1f s | %.1f s | %.0f MB |\n", name, r[name], m1, m2, m3 / 1048576
    }
    printf "\nexsearch / plain bleve, docs/s: %.2fx (%d documents, %d runs each)\n", r["exsearch"] / r["plain"], docs["exsearch"], count["exsearch"]
  }' "$work/rows"
