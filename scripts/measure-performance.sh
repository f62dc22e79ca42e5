#!/usr/bin/env bash
# Produces the figures of docs/PERFORMANCE.md on this machine, into OUT_DIR:
#   1. the ceilings (FMA peak, DRAM read bandwidth) at 1 and 2 threads;
#   2. per thread count, an oracle sweep of the transformer suite (best tiles per
#      shape, with the engine's fixed default, median and worst screened config);
#   3. per thread count, bench with the oracle's tiles, side by side with
#      OpenBLAS and oneDNN.
# ORACLE_BUDGET (default 24) is the configurations screened per shape; with 16
# the whole run takes about 30 minutes on 2 cores. Run it on a quiet machine.
#   scripts/measure-performance.sh [OUT_DIR] [extra args for both, e.g. --only NAME,...]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
out=${1:-"$root/build/performance"}
shift || true
tv=${TILEVOLVE:-"$root/build/apps/tilevolve/tilevolve"}  # which binary to measure
mkdir -p "$out"
"$tv" info --json >"$out/info.json"
"$tv" roofline --threads 2 --json "$out/roofline.json" | tee "$out/roofline.txt"
for t in 1 2; do
  "$tv" oracle --suite transformer --threads "$t" --budget "${ORACLE_BUDGET:-24}" --json "$out/oracle-t$t.json" "$@" | tee "$out/oracle-t$t.txt"
  "$tv" bench --suite transformer --threads "$t" --tiles-file "$out/oracle-t$t.json" --vs openblas,onednn \
    --json "$out/bench-oracle-t$t.json" "$@" | tee "$out/bench-oracle-t$t.txt"
done
echo "measure-performance: results in $out"
