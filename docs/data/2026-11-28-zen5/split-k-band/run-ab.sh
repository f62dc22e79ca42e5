#!/bin/bash
# auto (K split in the band) against the same tiles with the N split forced, 2 threads, alternating.
D=$(dirname "$0"); T=build/apps/tilevolve/tilevolve
for r in $(seq 1 $1); do
  $T bench --suite $D/band.yaml --heuristic auto --threads 2 --vs onednn --min-time 0.2 --json $D/t2-auto-r$r.json > $D/t2-auto-r$r.txt 2>&1
  $T bench --suite $D/band.yaml --tiles parallel=n --threads 2 --vs onednn --min-time 0.2 --json $D/t2-n-r$r.json > $D/t2-n-r$r.txt 2>&1
done
