#!/bin/bash
# usage: run.sh THREADS ROUNDS — the k = 576 suite, auto tiles with kc 288 (the rule before) and
# auto tiles (kc = k = 576 since the rule), alternating; writes k576-tT-kcKC-rR.{json,txt} here.
T=$1; R=$2
D=docs/data/2026-11-28-zen5/one-slice-kc
for r in $(seq 1 $R); do
  build/apps/tilevolve/tilevolve bench --suite $D/k576-suite.yaml --tiles kc=288 --threads $T --vs onednn \
    --min-time 0.15 --json $D/k576-t$T-kc384-r$r.json > $D/k576-t$T-kc384-r$r.txt 2>&1
  build/apps/tilevolve/tilevolve bench --suite $D/k576-suite.yaml --heuristic auto --threads $T --vs onednn \
    --min-time 0.15 --json $D/k576-t$T-kc576-r$r.json > $D/k576-t$T-kc576-r$r.txt 2>&1
done
