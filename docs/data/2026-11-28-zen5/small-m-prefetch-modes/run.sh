#!/bin/bash
# usage: run.sh THREADS ROUNDS MODES...   (TV_SCRATCH_PF modes; DIST from env)
T=$1; R=$2; shift 2
cd /work/main
for r in $(seq 1 $R); do for md in "$@"; do
  TV_SCRATCH_PF=$md build/apps/tilevolve/tilevolve bench --suite docs/data/2026-11-28-zen5/small-m-prefetch-modes/sm.yaml --heuristic auto --threads $T --vs onednn --min-time 0.15 --json docs/data/2026-11-28-zen5/small-m-prefetch-modes/t$T-kc$md-r$r.json > docs/data/2026-11-28-zen5/small-m-prefetch-modes/t$T-kc$md-r$r.txt 2>&1
done; done
