#!/bin/bash
# A/B of the next panel requested on the copy pass: TV_PANEL_AHEAD=0 (off) / 1 (on),
# a scratch switch read once per process (not committed). Usage: run-ab.sh ROUNDS THREADS...
D=$(dirname "$0"); T=build/apps/tilevolve/tilevolve
R=$1; shift
for r in $(seq 1 $R); do for t in "$@"; do for e in 0 1; do
  TV_PANEL_AHEAD=$e $T bench --suite $D/prefill-products.yaml --heuristic auto --threads $t --vs onednn \
    --min-time 0.1 --json $D/t$t-ahead$e-r$r.json > $D/t$t-ahead$e-r$r.txt 2>&1
done; done; done
