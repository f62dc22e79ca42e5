#!/usr/bin/env bash
# Issue 8's throughput on a machine with more cores than the development one:
# `tilevolve evolve --distributed mpi` with K = 1, 2, 4, 8 evaluator ranks
# (bench/distributed/throughput.py, built-in evaluator, 1 GEMM thread each,
# empty caches) on the lent GPU machine's 16 CPU cores, with its own Open MPI.
#
#   [TV_EVALUATORS=0,1,2,4,8] scripts/mpi_fleet_check.sh [BUILD_DIR] [THROUGHPUT ARGS...]   (carry BUILD_DIR/devpack)
#
# THROUGHPUT ARGS go to bench/distributed/throughput.py (default: --iterations 48), e.g.
# `--iterations-per-evaluator 16 --no-measurement-cache` for cache-missing candidates.
#
# The pack (scripts/cuda_cli_check.sh pack) holds Debian's Open MPI 4.1
# libraries; they are left out here so that the binary loads the machine's own
# (same sonames, the libmpi.so.40 ABI), matching its mpirun. Log: $OUT/mpi.log.
set -uo pipefail
build=${1:-build-cuda}
shift || true
[ $# -gt 0 ] || set -- --iterations 48
out=${OUT:-mpi-out}
mkdir -p "$out"
work=/tmp/tvmpi
rm -rf "$work"
mkdir -p "$work"
exec > >(tee "$out/mpi.log") 2>&1
tar -C "$work" -xJf "$build/devpack/tilevolve-pack.tar.xz" || { echo "cannot unpack the pack"; exit 1; }
rm -f "$work"/lib/libmpi* "$work"/lib/libopen-* "$work"/lib/libhwloc* "$work"/lib/libevent* "$work"/lib/libpmix*
export LD_LIBRARY_PATH="$work/lib:${LD_LIBRARY_PATH:-}"
export TILEVOLVE_SUITES_DIR=$PWD/suites
date -u
lscpu | grep -E "Model name|^CPU\(s\)|Thread|Core|Socket|NUMA node\(s\)|L3"
mpirun --version | head -1
uptime
python3 bench/distributed/throughput.py --tilevolve "$work/bin/tilevolve" --evaluators "${TV_EVALUATORS:-0,1,2,4,8}" \
  --repeats 1 "$@"
echo "rc=$?"
uptime
