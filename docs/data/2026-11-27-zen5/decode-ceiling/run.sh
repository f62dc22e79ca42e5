#!/usr/bin/env bash
# `tilevolve bench --heuristic auto --vs onednn` on the transformer suite's
# decode shapes, 1 and 2 threads, 2 rounds each; "of roofline" is the read
# bandwidth against the DRAM ceiling the same run measured at its start
# (best of 1, 2 and 4 streams a thread).  run.sh BINARY OUT_DIR
set -euo pipefail
bin=$1 out=$2
here=$(cd "$(dirname "$0")" && pwd)
mkdir -p "$out"
for r in 1 2; do
  for t in 1 2; do
    "$bin" bench --suite "$here/suite.yaml" --heuristic auto --threads $t --vs onednn \
      --json "$out/t$t-r$r.json" > "$out/t$t-r$r.txt" 2>&1
  done
done
grep -h -E 'roofline:|^[a-z].*small_m' "$out"/t*-r*.txt
