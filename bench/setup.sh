# Shared set-up of the load scripts (sourced, not run): builds exsearch into
# a temporary directory, writes a synthetic corpus of $docs documents from
# ../shared/corpus with its query log, and indexes it; writes the request
# log the load scripts send ($work/paths.txt: each query alone, and with a
# language and a muscle filter) and $work/paths.lua, wrk's request function
# over it (a script loads it with dofile and adds its own done). Sets $work; the
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

python3 - "$work/queries.txt" > "$work/paths.txt" <<'PY'
import sys, urllib.parse
for q in open(sys.argv[1], encoding="utf-8").read().splitlines():
    enc = urllib.parse.quote(q)
    print(f"/api/search?q={enc}")
    print(f"/api/search?q={enc}&lang=da&muscle=legs")
PY
cat > "$work/paths.lua" <<LUA
local paths = {}
for line in io.lines("$work/paths.txt") do paths[#paths + 1] = line end
local i = 0
request = function()
  i = i % #paths + 1
  return wrk.format("GET", paths[i])
end
LUA
