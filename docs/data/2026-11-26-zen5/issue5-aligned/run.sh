#!/bin/bash
# The runs recorded in docs/PERFORMANCE.md (issue 5, 2026-11-26 evening):
# the binaries of 52a12f4 (old) and 36dd7c2 (final) alternating.
cd /work/main
export TILEVOLVE_HEURISTIC_HOST=/tmp/gen/tilevolve-heuristic-host
P=docs/data/2026-11-26-zen5/issue4-shape-rules/run8/best_program.cpp
OUT=/tmp/final-runs
mkdir -p $OUT
for round in 1 2; do
  for model in smollm2-135m qwen2.5-0.5b; do
    for bin in old final; do
      /tmp/gen/tilevolve-$bin generate --model $model --prompt-tokens 256 --new-tokens 128 --threads 2 --baseline --program $P --blas openblas,onednn --json $OUT/generate-$model-$bin-$round.json > $OUT/generate-$model-$bin-$round.txt 2>&1
    done
  done
done
for threads in 1 2; do
  for cold in "" "--cold"; do
    tag=t$threads${cold:+-cold}
    for lib in old final; do
      /usr/bin/python3 src/integrate/bench_numpy_preload.py /tmp/np/lib-$lib.so --rounds 5 --threads $threads $cold --json $OUT/numpy-$tag-$lib.json > $OUT/numpy-$tag-$lib.txt 2>&1
    done
  done
done
echo finished > $OUT/done
