#!/usr/bin/env python3
"""Geomean of an oracle's speed against cuBLAS by shape class, over the shapes of one suite.

    scripts/oracle_classes.py ORACLE_JSON [SUITE_YAML]

ORACLE_JSON: `tilevolve oracle --backend cuda --json` output (records with `name` and
`vs_cublas`). SUITE_YAML (default suites/gpu-anchors.yaml): only its shapes count, so an oracle
run on the wider gpu-evolve suite can be read against issue 6's 17 anchors. The class is the
name's first dotted part (decode, small, prefill, attn, smollm, odd).
"""
import json
import math
import os
import re
import sys


def suite_names(path):
    names = set()
    with open(path) as f:
        for line in f:
            m = re.search(r"\bname:\s*([^,}\s]+)", line)
            if m and line.lstrip().startswith("-"):
                names.add(m.group(1))
    return names


def geomean(values):
    return math.exp(sum(math.log(v) for v in values) / len(values))


def main():
    if len(sys.argv) not in (2, 3):
        sys.exit(__doc__)
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    suite = sys.argv[2] if len(sys.argv) == 3 else os.path.join(root, "suites", "gpu-anchors.yaml")
    try:
        names = suite_names(suite)
        with open(sys.argv[1]) as f:
            records = [r for r in json.load(f)["records"] if r["name"] in names]
    except (OSError, ValueError, KeyError, TypeError) as e:
        sys.exit(f"oracle_classes: cannot read {sys.argv[1]} against {suite}: {e!r} "
                 "(give the JSON of `tilevolve oracle --backend cuda --json` and a suite YAML)")
    if not records:
        sys.exit(f"no shape of {suite} in {sys.argv[1]}")
    classes = {}
    for r in records:
        classes.setdefault(r["name"].split(".")[0], []).append(r)
    print(f"{len(records)} shapes of {os.path.basename(suite)}: {geomean([r['vs_cublas'] for r in records]):.3f}x cuBLAS")
    for cls, rs in classes.items():
        shapes = " ".join(f"{r['name']}={r['vs_cublas']:.2f}" for r in rs)
        print(f"  {cls:8s} {geomean([r['vs_cublas'] for r in rs]):.3f}x  {shapes}")


if __name__ == "__main__":
    main()
