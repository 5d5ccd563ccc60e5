#!/usr/bin/env bash
# Break a real `exsearch serve` on loopback the ways a hostile review did
# (issue 13): a current link that goes bad under it, damaged or truncated
# segment files while serving and at start, a generation it may not read, a
# full disk during reindex, rollback and --keep, forged headers, odd HTTP
# methods, overflowing pages, ids with % # ?, HEAD, costly queries from many
# clients. The cases are Go tests (cmd/exsearch/chaos_test.go and friends,
# named TestChaos*); this runs them alone and prints the wall clock. They
# need ../shared beside the project; the full-disk case needs root (mount).
#
#   bash bench/chaos.sh
set -euo pipefail
cd "$(dirname "$0")/.."
start=$(date +%s)
go test ./cmd/exsearch -run '^TestChaos' -count=1 -v 2>&1 | grep -E '^(=== RUN|--- |\s+--- |ok|FAIL|PASS)|chaos_test' || true
status=${PIPESTATUS[0]}
echo "chaos: $(( $(date +%s) - start )) s"
exit "$status"
