#!/usr/bin/env python3
"""Best time per shape of each bench build, and the six fastest configs per shape.

  python3 analyze.py call46 base,prefetch-512,budget-2m,budget-4m,budget-8m,budget-16m

Reads CALL/oracle-VARIANT-ROUND.json.gz (rounds 1 and 2) as written by
`scripts/cuda_device_check.sh variants`; times are medians in microseconds.
"""
import collections
import gzip
import json
import sys

call, names = sys.argv[1], sys.argv[2].split(",")
times = collections.defaultdict(dict)
best = collections.defaultdict(dict)
cublas = collections.defaultdict(list)
for variant in names:
    for rnd in (1, 2):
        with gzip.open(f"{call}/oracle-{variant}-{rnd}.json.gz") as f:
            records = json.load(f)["oracle"]
        for rec in records:
            shape = rec["shape"]["name"]
            cublas[shape].append(rec["cublas"]["median_us"])
            timed = [c for c in rec["configs"] if c.get("median_us", 0) > 0]
            best[shape].setdefault(variant, []).append(min(c["median_us"] for c in timed))
            for c in timed:
                times[(shape, c["name"])].setdefault(variant, []).append(c["median_us"])

print("%-22s" % "best (round 1/2)", " ".join("%13s" % v for v in names), " cuBLAS")
for shape in best:
    print("%-22s" % shape, " ".join("%6.2f/%6.2f" % tuple(best[shape][v]) for v in names),
          " %.1f-%.1f" % (min(cublas[shape]), max(cublas[shape])))
for shape in best:
    print(shape)
    rows = [(name, {v: min(times[(s, name)].get(v, [1e9])) for v in names}) for (s, name) in times if s == shape]
    rows.sort(key=lambda r: min(r[1].values()))
    for name, t in rows[:6]:
        print("  %-50s" % name, " ".join("%7.2f" % t[v] for v in names))
