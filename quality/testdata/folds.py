#!/usr/bin/env python3
"""Score the dev half in two folds, so that a ranking change is kept only if it
helps both (a change that lifts one fold and lowers the other fits a few
queries rather than a mechanism).

The folds are dealt like split.py deals the halves: within each (lang, group)
of each judged file, queries ordered by the SHA-1 of their text go alternately
to fold A and fold B. Nobody chooses a query's fold, and each fold has half of
every language and group.

Usage:
  go run ./cmd/exsearch eval --queries --corpus ../shared/corpus \\
      --corpus ../shared/seeds quality/testdata/dev.tsv [more dev files] \\
    | python3 quality/testdata/folds.py quality/testdata/dev.tsv [more dev files]
"""
import collections, hashlib, re, sys

fold = {}
for path in sys.argv[1:]:
    strata = collections.defaultdict(list)
    for line in open(path, encoding="utf-8"):
        if not line.strip() or line.startswith("#"):
            continue
        g, lang, q = line.rstrip("\n").split("\t")[:3]
        strata[(lang, g)].append(q)
    for key in sorted(strata):
        ordered = sorted(strata[key], key=lambda q: hashlib.sha1(q.encode()).hexdigest())
        for i, q in enumerate(ordered):
            fold[(key[1], key[0], q)] = "A" if i % 2 == 0 else "B"

# A query's row ends in its nDCG@10, after plain bleve's when the baseline ran.
row = re.compile(r"^(article|exercise|muscle)\s+(da|de|en|no)\s+(.*?)(?:\s{2,}([0-9.]+))?\s{2,}([0-9.]+)\s*$")
scores = collections.defaultdict(list)  # (fold, key) -> [(plain, exsearch)]
seen = 0
for line in sys.stdin:
    m = row.match(line)
    if not m:
        continue
    g, lang, q, plain, ex = m.group(1), m.group(2), m.group(3), float(m.group(4) or 0), float(m.group(5))
    f = fold.get((g, lang, q))
    if f is None:
        sys.exit(f"folds.py: query {q!r} ({g}, {lang}) is in no judged file given")
    seen += 1
    for key in (g, "lang " + lang, "overall"):
        for ff in (f, "all"):
            scores[(ff, key)].append((plain, ex))
if seen != len(fold):
    sys.exit(f"folds.py: {seen} scored queries on stdin, {len(fold)} in the judged files (run eval with --queries)")

keys = ["article", "exercise", "muscle", "lang da", "lang de", "lang en", "lang no", "overall"]
print(f"{'':>14} " + " ".join(f"{k:>9}" for k in ["A n", "A", "B n", "B", "all"]))
for k in keys:
    cells = []
    for ff in ("A", "B"):
        s = scores[(ff, k)]
        cells += [f"{len(s):>9}", f"{sum(e for _, e in s) / max(len(s), 1):>9.3f}"]
    s = scores[("all", k)]
    cells.append(f"{sum(e for _, e in s) / max(len(s), 1):>9.3f}")
    print(f"{k:>14} " + " ".join(cells))
