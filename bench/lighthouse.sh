#!/usr/bin/env bash
# The page as an outside auditor measures it (issue 15): Lighthouse 12 (the
# npm package, node_modules/.bin/lighthouse, installed by `npm ci`) with
# Debian's Chromium, against a real `exsearch serve` on loopback over
# ../shared/corpus and ../shared/seeds. Three pages, each in Lighthouse's
# mobile emulation (its default) and its desktop preset:
#
#   results   /?q=bænkpres&ui=da
#   document  /d/<the first hit of that search>?ui=da
#   empty     /
#
# Each report is kept as JSON in $LIGHTHOUSE_OUT (default lighthouse-reports/),
# named <page>-<form factor>.json (and results-mobile-devtools.json). The run fails, naming page, form factor,
# category and score, if any page scores below the targets: performance 0.95
# (and cumulative layout shift at most 0.05), accessibility, best practices
# and SEO 1.0.
#
# The run is hermetic: Chromium resolves no host name (--host-resolver-rules),
# so it loads only what the server on 127.0.0.1 serves. Documents' pictures
# live on their own sites (only absolute https/http addresses are shown, see
# web/urls.go); here they fail to load, as they did in the issue's run,
# where CI has no network. Each logs "net::ERR_NAME_NOT_RESOLVED" to the
# console, and that error alone is left out of best practices (an option
# of Lighthouse's errors-in-console audit): any other console error, a 404
# or a script error, still fails. Whether remote sites keep their pictures
# is not the page's to measure.
#
# Performance is Lighthouse's simulated throttling (its default): the load is
# measured unthrottled and the slow phone's timings computed from it, so the
# score holds on a busy 2-core machine, where measured throttling does not.
# One more run, of the results page on a really throttled phone, checks its
# layout shift (and nothing timed): see the end.
#
#   bash bench/lighthouse.sh
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PATH:/usr/local/go/bin"

out=${LIGHTHOUSE_OUT:-lighthouse-reports}
lighthouse=node_modules/.bin/lighthouse
[ -x "$lighthouse" ] || { echo "lighthouse: $lighthouse is missing: run npm ci"; exit 1; }
CHROME_PATH=${CHROME_PATH:-$(command -v chromium || true)}
[ -n "$CHROME_PATH" ] || { echo "lighthouse: no chromium on PATH (set CHROME_PATH)"; exit 1; }
export CHROME_PATH
test -d ../shared/corpus || { echo "lighthouse: ../shared/corpus is missing"; exit 1; }

start=$(date +%s)
work=$(mktemp -d)
server=""
cleanup() {
  [ -n "$server" ] && kill "$server" 2>/dev/null && wait "$server" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT

go build -o "$work/exsearch" ./cmd/exsearch
"$work/exsearch" reindex --progress none --index "$work/index" ../shared/corpus ../shared/seeds >/dev/null 2>"$work/reindex.log" ||
  { cat "$work/reindex.log"; exit 1; }

# A free port: the kernel's pick for a socket we close at once.
port=$(node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')
base="http://127.0.0.1:$port"
"$work/exsearch" serve --index "$work/index" --addr "127.0.0.1:$port" --log-level warn 2>"$work/serve.log" &
server=$!
for _ in $(seq 100); do
  curl -fsS "$base/readyz" >/dev/null 2>&1 && break
  kill -0 "$server" 2>/dev/null || { cat "$work/serve.log"; exit 1; }
  sleep 0.1
done
curl -fsS "$base/readyz" >/dev/null || { echo "lighthouse: the server did not get ready"; cat "$work/serve.log"; exit 1; }

# The document page is the first hit of the results page's search.
docpath=$(curl -fsS "$base/api/search?q=b%C3%A6nkpres&ui=da&size=1" |
  node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>{const h=JSON.parse(s).hits;
    if(!h||!h.length){process.exit(1)}
    console.log("/d/"+h[0].id.split("/").map(encodeURIComponent).join("/")+"?ui=da")})') ||
  { echo "lighthouse: the search for bænkpres found nothing to open"; exit 1; }

mkdir -p "$out"
# Lighthouse's own configurations for mobile (its default) and desktop (its
# desktop preset), with the one console error a hermetic run makes ignored.
for form in mobile desktop; do
  base_config="'lighthouse:default'"
  [ "$form" = desktop ] && base_config="(await import('$PWD/node_modules/lighthouse/core/config/desktop-config.js')).default"
  cat >"$work/$form.mjs" <<EOF
const base = $base_config;
export default {
  ...(typeof base === 'string' ? {extends: base} : base),
  audits: [{path: 'errors-in-console', options: {ignoredPatterns: ['net::ERR_NAME_NOT_RESOLVED']}}],
};
EOF
done
# audit NAME FORM PATH THROTTLING CATEGORIES runs Lighthouse on one page and
# checks its report against the targets of the categories it ran. A
# simulated run that misses a target is run twice more and the median of the
# three is checked, as Lighthouse CI takes the median of its runs: the
# simulation scales its timings by the CPU it measures, and a run beside a
# busy process (a compile, another test) scored 0.87 where the same page
# scores 0.98-1.0 alone.
failed=0
audit() {
  local name=$1 form=$2 path=$3 throttling=$4 categories=$5 report t0
  report="$out/$name-$form"
  [ "$throttling" = simulate ] || report="$out/$name-$form-$throttling"
  t0=$(date +%s)
  lh "$path" "$form" "$throttling" "$categories" "$report.json" || { echo "lighthouse: $name ($form): the run failed"; failed=1; return; }
  check "$name ($form, $throttling throttling)" "$(( $(date +%s) - t0 ))" "$throttling" "$report.json" && return
  [ "$throttling" = simulate ] || { failed=1; return; }
  echo "  (a target missed in one run: two more runs, and the median of the three is checked)"
  for run in 2 3; do
    lh "$path" "$form" "$throttling" "$categories" "$report-$run.json" || { echo "lighthouse: $name ($form): the run failed"; failed=1; return; }
  done
  check "$name ($form, $throttling throttling)" "$(( $(date +%s) - t0 ))" "$throttling" "$report.json" "$report-2.json" "$report-3.json" || failed=1
}
# lh PATH FORM THROTTLING CATEGORIES REPORT runs Lighthouse once.
lh() {
  "$lighthouse" "$base$1" --config-path="$work/$2.mjs" --throttling-method="$3" \
    --quiet --output=json --output-path="$5" --only-categories="$4" \
    --chrome-flags="--headless=new --no-sandbox --host-resolver-rules='MAP * ~NOTFOUND, EXCLUDE 127.0.0.1'"
}
# check WHAT SECS THROTTLING REPORT... prints the scores (the median of the
# reports') and says, in its status, whether they meet the targets.
check() {
  node - "$@" <<'EOF'
const [what, secs, throttling, ...reports] = process.argv.slice(2);
const rs = reports.map(p => JSON.parse(require("fs").readFileSync(p, "utf8")));
const perf = x => x.categories.performance ? x.categories.performance.score : 0;
const r = rs.slice().sort((a, b) => perf(a) - perf(b))[(rs.length - 1) >> 1]; // the median run, for its audits
const targets = { performance: 0.95, accessibility: 1, "best-practices": 1, seo: 1 };
const ran = Object.keys(targets).filter(k => r.categories[k]);
const median = xs => xs.slice().sort((a, b) => a - b)[(xs.length - 1) >> 1];
const score = k => rs.some(x => x.categories[k].score === null) ? null : median(rs.map(x => x.categories[k].score));
const cls = median(rs.map(x => x.audits["cumulative-layout-shift"].numericValue));
const scores = ran.map(k => `${k} ${score(k)}`).join(", ");
// Timings measured on a really throttled, busy machine are noise: there only
// the layout shift counts.
const checked = throttling === "simulate" ? ran : ran.filter(k => k !== "performance");
const of = rs.length > 1 ? ` (median of ${rs.length} runs: performance ${rs.map(x => x.categories.performance && x.categories.performance.score).join(", ")})` : "";
console.log(`${what}: ${r.finalDisplayedUrl}: ${scores}, layout shift ${cls.toFixed(3)}${of} [${secs} s]`);
// A simulated run's single miss is not final: audit runs it twice more.
const final = throttling !== "simulate" || rs.length > 1;
let ok = true;
for (const x of rs) if (x.runtimeError) { console.log(`  FAIL ${what}: runtime error: ${x.runtimeError.message}`); ok = false; }
for (const k of checked) {
  const s = score(k), min = targets[k];
  if (s === null || s < min) {
    ok = false;
    console.log(`  ${final ? "FAIL" : "missed"} ${what}: ${k} ${s} is below ${min}`);
    for (const ref of r.categories[k].auditRefs) {
      const a = r.audits[ref.id];
      if (ref.weight > 0 && a.score !== null && a.score < 1 && a.scoreDisplayMode !== "informative")
        console.log(`    ${a.id}: ${a.score}${a.displayValue ? " (" + a.displayValue + ")" : ""}: ${a.title}`);
    }
  }
}
if (cls > 0.05) { ok = false; console.log(`  FAIL ${what}: cumulative layout shift ${cls.toFixed(3)} is above 0.05`); }
process.exit(ok ? 0 : 1);
EOF
}

for form in mobile desktop; do
  audit results "$form" "/?q=b%C3%A6nkpres&ui=da" simulate performance,accessibility,best-practices,seo
  audit document "$form" "$docpath" simulate performance,accessibility,best-practices,seo
  audit empty "$form" / simulate performance,accessibility,best-practices,seo
done
# Simulated throttling loads the page at full speed, where the script runs
# before the first paint and whatever it moves is never seen as moving: the
# issue's layout shift of 0.68 (the filters folding on a phone) scored 0
# there. A slowed phone (the CPU and network really throttled) paints first,
# as a phone does; its layout shift is checked, not its timing, which a
# busy machine would make noisy.
audit results mobile "/?q=b%C3%A6nkpres&ui=da" devtools performance

echo "lighthouse: reports in $out/, $(( $(date +%s) - start )) s"
exit "$failed"
