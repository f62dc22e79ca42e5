#!/usr/bin/env python3
"""Evaluation throughput of `tilevolve evolve --distributed mpi` with K evaluator
ranks (issue 8: >= 0.8 x K candidates per unit time with K evaluators on
separate cores, for cache-missing candidates), and the controller's time per
candidate outside waiting for evaluators.

Each run starts from an empty cache root (so every candidate's new tiles are
measured, and every program is compiled), uses the built-in evaluator on the
smoke suite with 1 GEMM thread per evaluator, and reads the figures rank 0
prints at the end ("N evaluations in S s (R per minute); the controller spent
X ms per evaluation outside waiting for evaluators", and the same after the
initial program's evaluation, which runs alone: the steady state). The
one-process run (no MPI) is measured alongside as the reference.

  bench/distributed/throughput.py --tilevolve build/apps/tilevolve/tilevolve \
      --evaluators 1,2 --iterations 24 --repeats 3

With the measurement cache (the default), each evaluator rank keeps its own,
so with K evaluators each cache sees 1/K of the candidates and hits less often
than the one cache of K = 1: evaluations get slower as K grows, for a reason
that is not distribution. --no-measurement-cache (evaluator.measurement_cache:
false) makes every candidate cache-missing, the case issue 8's target names.
--iterations-per-evaluator N runs N x K iterations with K evaluators (at least
N), so the start and the drained end weigh the same at every K.

--external-sleep S measures the distribution alone: an external evaluator that
sleeps S seconds and prints a score from the program's digits (no CPU used, no
cache), on examples/function_fit's program, so K evaluators can keep K jobs
going even on a machine with fewer cores.

Ranks are not bound (--bind-to none): on a machine with fewer cores than
K + 1 the controller shares a core with an evaluator; say so with the figures.
"""
import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
EVAL_RATE = re.compile(r"\| ([\d.]+) eval/min \|")
SUMMARY = re.compile(r"(\d+) evaluations in ([\d.]+) s \(([\d.]+) per minute\); the controller spent ([\d.]+) ms")
STEADY = re.compile(r"after the first result: (\d+) evaluations in ([\d.]+) s \(([\d.]+) per minute\)")
BUSY = re.compile(r"rank \d+ busy (\d+)% of that time")


def config_text(suite, measurement_cache):
    with open(os.path.join(ROOT, "examples", "gemm_tiling", "config.yaml")) as f:
        text = f.read()
    text = re.sub(r"(?m)^suite:.*$", "suite: " + suite, text)
    text = re.sub(r"(?m)^threads:.*$", "threads: 1", text)
    text, n = re.subn(r"(?m)^  measurement_cache:.*$", "  measurement_cache: " + str(measurement_cache).lower(),
                      text)
    if n != 1:
        sys.exit("examples/gemm_tiling/config.yaml has no evaluator.measurement_cache line to set")
    return text


SLEEP_EVALUATOR = """#!/bin/sh
sleep {sleep}
sum=$(tr -cd '0-9' < "$1" | sed 's/./&+/g; s/+$//')
echo "{{\\"combined_score\\": $(( ${{sum:-0}} % 97 + 1 ))}}"
"""

SLEEP_CONFIG = """max_iterations: 1000
checkpoint_interval: 1000
random_seed: 5
database: {num_islands: 1, population_size: 200}
evaluator: {timeout: 60, cascade_evaluation: false}
mutator: {kind: offline, max_literal_changes: 2}
"""


def run_once(args, k, work):
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(work)
    config = os.path.join(work, "config.yaml")
    program = os.path.join(ROOT, "examples", "gemm_tiling", "initial_program.cpp")
    evaluator = []
    if args.external_sleep > 0:
        with open(config, "w") as f:
            f.write(SLEEP_CONFIG)
        program = os.path.join(ROOT, "examples", "function_fit", "initial_program.py")
        evaluator = [os.path.join(work, "evaluator.sh")]
        with open(evaluator[0], "w") as f:
            f.write(SLEEP_EVALUATOR.format(sleep=args.external_sleep))
        os.chmod(evaluator[0], 0o755)
    else:
        with open(config, "w") as f:
            f.write(config_text(args.suite, not args.no_measurement_cache))
    env = dict(os.environ, TILEVOLVE_CACHE_DIR=os.path.join(work, "cache"), OMPI_ALLOW_RUN_AS_ROOT="1",
               OMPI_ALLOW_RUN_AS_ROOT_CONFIRM="1", OMPI_MCA_btl_vader_single_copy_mechanism="none")
    iterations = args.iterations
    if args.iterations_per_evaluator > 0:
        iterations = args.iterations_per_evaluator * max(1, k)
    evolve = [args.tilevolve, "evolve", program] + evaluator + ["--config", config, "--iterations", str(iterations),
                                                              "--output", os.path.join(work, "out")]
    if k == 0:
        command = evolve
    else:
        command = [args.mpirun, "--enable-recovery", "--oversubscribe", "--bind-to", "none", "-np", str(k + 1)]
        command += evolve + ["--distributed", "mpi"]
    started = time.time()
    p = subprocess.run(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    wall = time.time() - started
    if p.returncode != 0:
        sys.exit("run failed:\n" + p.stdout[-3000:])
    rates = EVAL_RATE.findall(p.stdout)
    if not rates:
        sys.exit("no progress line in:\n" + p.stdout[-3000:])
    # The controller's own figure (its last progress line), the same for every K.
    result = {"per_minute": float(rates[-1]), "overhead_ms": float("nan"), "pool_per_minute": float("nan"),
              "steady_per_minute": float("nan"), "busy": float("nan"), "wall": wall}
    if k > 0:
        m = SUMMARY.search(p.stdout)
        if m is None:
            sys.exit("no summary line in:\n" + p.stdout[-3000:])
        result["pool_per_minute"] = float(m.group(3))
        result["overhead_ms"] = float(m.group(4))
        steady = STEADY.search(p.stdout)
        if steady is not None:
            result["steady_per_minute"] = float(steady.group(3))
        busy = [float(b) for b in BUSY.findall(p.stdout)]
        if busy:
            result["busy"] = statistics.mean(busy)
    return result


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--tilevolve", required=True)
    parser.add_argument("--mpirun", default="mpirun")
    parser.add_argument("--evaluators", default="1,2", help="comma-separated K values (0: one process, no MPI)")
    parser.add_argument("--iterations", type=int, default=24)
    parser.add_argument("--iterations-per-evaluator", type=int, default=0,
                        help="> 0: run this x K iterations with K evaluators (instead of --iterations)")
    parser.add_argument("--no-measurement-cache", action="store_true",
                        help="built-in evaluator: evaluator.measurement_cache false (every candidate cache-missing)")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--suite", default="smoke")
    parser.add_argument("--external-sleep", type=float, default=0,
                        help="> 0: an external evaluator that sleeps this long instead of the built-in one")
    args = parser.parse_args()
    ks = [int(k) for k in args.evaluators.split(",")]
    results = {}
    with tempfile.TemporaryDirectory(prefix="tilevolve-mpi-bench-") as tmp:
        for rep in range(args.repeats):
            for k in ks:
                r = run_once(args, k, os.path.join(tmp, "k%d" % k))
                results.setdefault(k, []).append(r)
                print("K=%d repeat %d: %.1f evaluations/min (pool: %.1f; after the first result: %.1f), evaluators "
                      "busy %.0f%%, controller %.1f ms/candidate, wall %.1f s" %
                      (k, rep + 1, r["per_minute"], r["pool_per_minute"], r["steady_per_minute"], r["busy"],
                       r["overhead_ms"], r["wall"]), flush=True)
    what = ("external evaluator sleeping %.2f s" % args.external_sleep if args.external_sleep > 0 else
            "built-in evaluator, suite %s, measurement cache %s" % (args.suite,
                                                                   "off" if args.no_measurement_cache else "on"))
    per_run = ("%d x K iterations per run" % args.iterations_per_evaluator if args.iterations_per_evaluator > 0
               else "%d iterations per run" % args.iterations)
    print("\ncores: %d; %s; %s; %d repeats" % (os.cpu_count(), what, per_run, args.repeats))
    base = statistics.median(r["per_minute"] for r in results[1]) if 1 in results else None
    steady_base = statistics.median(r["steady_per_minute"] for r in results[1]) if 1 in results else None
    for k in ks:
        rates = [r["per_minute"] for r in results[k]]
        overhead = [r["overhead_ms"] for r in results[k]]
        line = "K=%d: median %.1f evaluations/min (min %.1f, max %.1f)" % (k, statistics.median(rates), min(rates),
                                                                           max(rates))
        if k > 0:
            pool = [r["pool_per_minute"] for r in results[k]]
            line += "; pool's own figure median %.1f (min %.1f, max %.1f)" % (statistics.median(pool), min(pool),
                                                                              max(pool))
            line += "; controller median %.1f ms/candidate (min %.1f, max %.1f)" % (
                statistics.median(overhead), min(overhead), max(overhead))
            line += "; evaluators busy median %.0f%%" % statistics.median(r["busy"] for r in results[k])
        if base and k > 1:
            line += "; %.2f x (K x single = %.1f)" % (statistics.median(rates) / (k * base), k * base)
        if steady_base and k > 0:
            steady = statistics.median(r["steady_per_minute"] for r in results[k])
            line += "\n     after the first result: median %.1f evaluations/min" % steady
            if k > 1:
                line += ", %.2f x (K x single = %.1f)" % (steady / (k * steady_base), k * steady_base)
        print(line)


if __name__ == "__main__":
    main()
