#!/usr/bin/env python3
"""numpy float32 matmul under LD_PRELOAD=libtilevolve_blas.so vs numpy's own BLAS.

    /usr/bin/python3 src/integrate/bench_numpy_preload.py BUILD/src/integrate/libtilevolve_blas.so \
        [--program P.cpp] [--rounds 7] [--budget 0.05] [--threads 2] [--cold] [--json out.json]

Each round runs two fresh python processes back to back, numpy's own BLAS and
the preloaded library (alternating which goes first), each timing every shape:
per shape the median time of repeated `a @ b` calls within --budget seconds
after a warm-up. The ratio per shape and round is t_own / t_tilevolve
(> 1: tilevolve faster); the table shows the median over rounds and the spread
(median absolute deviation of the per-round ratios, relative to the median).
The shapes are smollm2-135m (d 576, MLP 1536) and qwen2.5-0.5b (d 896, MLP
4864) layers at M = 1, 4, 16 (decode, small batches) and 256 (prefill). Both
sides use the same threads (OpenBLAS: OPENBLAS_NUM_THREADS, tilevolve:
TILEVOLVE_NUM_THREADS; default 2). Absolute times are for this machine only.
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
import time

MODELS = {"smollm2-135m": (576, 1536), "qwen2.5-0.5b": (896, 4864)}
BATCHES = [1, 4, 16, 256]
COLD_BYTES = 128 << 20


def shapes():
    out = []
    for model, (d, inter) in MODELS.items():
        for m in BATCHES:
            for name, k, n in (("attn_o", d, d), ("mlp_up", d, inter), ("mlp_down", inter, d)):
                out.append((f"{model}.{name}.m{m}", m, n, k))
    return out


def worker(budget, cold):
    import numpy as np

    rng = np.random.default_rng(7)
    results = {}
    for name, m, n, k in shapes():
        a = rng.standard_normal((m, k), dtype=np.float32)
        # cold: rotate through copies of the weights totalling >= 128 MiB (4x this L3), so
        # each product reads B from DRAM as a model's layers do; hot: one B, cache-resident.
        copies = max(1, -(-COLD_BYTES // (k * n * 4))) if cold else 1
        bs = [rng.standard_normal((k, n), dtype=np.float32) for _ in range(copies)]
        for i in range(3):
            a @ bs[i % copies]
        times = []
        end = time.perf_counter() + budget
        i = 0
        while time.perf_counter() < end or len(times) < 5:
            b = bs[i % copies]
            i += 1
            t0 = time.perf_counter()
            a @ b
            times.append(time.perf_counter() - t0)
        results[name] = statistics.median(times)
    json.dump(results, sys.stdout)


def run_side(lib, program, preload, threads, budget, cold):
    env = dict(os.environ)
    env["OPENBLAS_NUM_THREADS"] = str(threads)
    env["TILEVOLVE_NUM_THREADS"] = str(threads)
    env.pop("LD_PRELOAD", None)
    env.pop("TILEVOLVE_PROGRAM", None)
    if preload:
        env["LD_PRELOAD"] = lib
        if program:
            env["TILEVOLVE_PROGRAM"] = program
    command = [sys.executable, __file__, "--worker", "--budget", str(budget)] + (["--cold"] if cold else [])
    out = subprocess.run(command, env=env,
                         capture_output=True, text=True, check=True)
    return json.loads(out.stdout)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("library", nargs="?")
    parser.add_argument("--program", default="")
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--budget", type=float, default=0.05)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--json", default="")
    parser.add_argument("--cold", action="store_true", help="weights read from DRAM (see worker)")
    parser.add_argument("--worker", action="store_true")
    args = parser.parse_args()
    if args.worker:
        worker(args.budget, args.cold)
        return
    lib = os.path.abspath(args.library)
    ratios = {name: [] for name, *_ in shapes()}
    own_times = {name: [] for name in ratios}
    ours_times = {name: [] for name in ratios}
    for r in range(args.rounds):
        order = [False, True] if r % 2 == 0 else [True, False]
        got = {p: run_side(lib, args.program, p, args.threads, args.budget, args.cold) for p in order}
        for name in ratios:
            own_times[name].append(got[False][name])
            ours_times[name].append(got[True][name])
            ratios[name].append(got[False][name] / got[True][name])
    print(f"{'shape':34} {'m':>4} {'n':>5} {'k':>5} {'own us':>9} {'tv us':>9} {'ratio':>7} {'spread':>7}")
    records = []
    groups = {"small-M (1..16)": [], "prefill (256)": [], "all": []}
    for name, m, n, k in shapes():
        med = statistics.median(ratios[name])
        spread = statistics.median(abs(x - med) for x in ratios[name]) / med
        own_us = statistics.median(own_times[name]) * 1e6
        ours_us = statistics.median(ours_times[name]) * 1e6
        print(f"{name:34} {m:4} {n:5} {k:5} {own_us:9.1f} {ours_us:9.1f} {med:6.3f}x {spread * 100:6.1f}%")
        records.append({"name": name, "m": m, "n": n, "k": k, "own_us": own_us, "tilevolve_us": ours_us,
                        "ratio": med, "ratio_spread": spread, "ratios": ratios[name]})
        groups["small-M (1..16)" if m <= 16 else "prefill (256)"].append(med)
        groups["all"].append(med)
    print()
    for group, values in groups.items():
        print(f"geomean {group:18} {statistics.geometric_mean(values):.3f}x over {len(values)} shapes "
              f"(min {min(values):.3f}x, max {max(values):.3f}x)")
    if args.json:
        with open(args.json, "w") as f:
            json.dump({"rounds": args.rounds, "threads": args.threads, "program": args.program, "cold": args.cold,
                       "records": records}, f, indent=2)


if __name__ == "__main__":
    main()
