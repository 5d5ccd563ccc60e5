# Shared set-up of the load scripts (sourced, not run): builds exsearch into
# a temporary directory, writes a synthetic corpus of $docs documents from
# ../shared/corpus with its query log, and indexes it. Sets $work; the
# directory and any server started in the background go when the script
# exits. Needs wrk (Debian: apt-get install wrk).
command -v wrk >/dev/null || { echo "wrk is not installed (apt-get install wrk)"; exit 1; }
work=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$work"' EXIT
go build -o "$work/exsearch" ./cmd/exsearch
"$work/exsearch" gen-corpus --docs "$docs" --out "$work/corpus" --queries "$work/queries.txt" ../shared/corpus
# The whole summary goes to a file first: "| head -1" would end reindex with
# SIGPIPE, which pipefail turns into a silent exit of the script.
"$work/exsearch" reindex --progress none --index "$work/ix" "$work/corpus" > "$work/reindex.txt"
head -1 "$work/reindex.txt"
