#!/usr/bin/env bash
# Break a real `exsearch serve` on loopback the ways a hostile review did
# (issue 13): a current link that goes bad under it, damaged or truncated
# segment files while serving and at start, a generation it may not read, a
# full disk during reindex, rollback and --keep, forged headers, odd HTTP
# methods, overflowing pages, ids with % # ?, HEAD, costly queries from many
# clients. The cases are Go tests (cmd/exsearch/chaos*_test.go, named
# TestChaos*); this runs them alone and prints the wall clock. They need
# ../shared beside the project; the full-disk and permission cases need root
# (mount, a server run as nobody), as CI has.
#
#   bash bench/chaos.sh
set -uo pipefail
cd "$(dirname "$0")/.."
start=$(date +%s)
out=$(mktemp)
go test ./cmd/exsearch -run '^TestChaos' -count=1 -v >"$out" 2>&1
status=$?
grep -E '^(=== RUN|--- |    --- |ok|FAIL|PASS)|chaos.*_test.go' "$out"
[ "$status" = 0 ] || tail -50 "$out"
rm -f "$out"
echo "chaos: $(( $(date +%s) - start )) s"
exit "$status"
