#!/usr/bin/env python3
"""Medians over the rounds of run.sh's JSON: tokens/s per model, binary and engine, and
tilevolve's ratios to the peers measured in the same runs. Usage: python3 analyze.py [DIR]"""
import glob
import json
import os
import statistics as st
import sys

d = sys.argv[1] if len(sys.argv) > 1 else os.path.dirname(os.path.abspath(__file__))
rows = {}  # (model, binary, engine) -> list of (prefill t/s, decode t/s, decode DRAM fraction)
ratios = {}  # (model, binary, engine, peer) -> per-run prefill ratios
for path in sorted(glob.glob(os.path.join(d, "*-r*.json"))):
    model, binary = os.path.basename(path).rsplit("-r", 1)[0].rsplit("-", 1)
    recs = {r["engine"]: r for r in json.load(open(path))["records"]}
    for e, r in recs.items():
        rows.setdefault((model, binary, e), []).append(
            (r["prefill_tokens_per_s"], r["decode_tokens_per_s"], r["decode_dram_fraction"]))
        if e.startswith("tilevolve"):
            for peer in ("onednn", "openblas"):
                if peer in recs:
                    ratios.setdefault((model, binary, e, peer), []).append(
                        (r["prefill_tokens_per_s"] / recs[peer]["prefill_tokens_per_s"],
                         r["decode_tokens_per_s"] / recs[peer]["decode_tokens_per_s"]))
print(f"{'model':14s} {'binary':6s} {'engine':20s} {'prefill t/s':>12s} {'decode t/s':>11s} {'of DRAM':>8s}  (medians of runs; min-max decode)")
for (model, binary, e), v in sorted(rows.items()):
    dec = [x[1] for x in v]
    print(f"{model:14s} {binary:6s} {e:20s} {st.median(x[0] for x in v):12.1f} {st.median(dec):11.2f} "
          f"{st.median(x[2] for x in v):8.0%}  ({min(dec):.1f}-{max(dec):.1f})")
print("\nratios to peers in the same run (median of runs): prefill, decode")
for (model, binary, e, peer), v in sorted(ratios.items()):
    print(f"{model:14s} {binary:6s} {e:20s} vs {peer:8s} {st.median(x[0] for x in v):.3f}x {st.median(x[1] for x in v):.3f}x")
