#!/usr/bin/env python3
"""Split the judged queries once into dev and test halves, stratified by
(lang, group): within each stratum queries are ordered by the SHA-1 of their
text and dealt alternately, so each half has half of every language and group
and nobody chose which query went where."""
import hashlib, sys, collections
rows = []
for path in sys.argv[2:]:
    for line in open(path, encoding="utf-8"):
        if not line.strip() or line.startswith("#"):
            continue
        rows.append(line.rstrip("\n"))
strata = collections.defaultdict(list)
for r in rows:
    g, lang, q = r.split("\t")[:3]
    strata[(lang, g)].append(r)
out = {"dev": [], "test": []}
for key in sorted(strata):
    ordered = sorted(strata[key], key=lambda r: hashlib.sha1(r.split("\t")[2].encode()).hexdigest())
    for i, r in enumerate(ordered):
        out["dev" if i % 2 == 0 else "test"].append(r)
outdir = sys.argv[1]
for name, rs in out.items():
    with open(f"{outdir}/{name}.tsv", "w", encoding="utf-8") as f:
        f.write("\n".join(rs) + "\n")
    print(name, len(rs))
