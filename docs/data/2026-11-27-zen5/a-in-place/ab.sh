#!/bin/bash
# usage: ab.sh OUTDIR ROUNDS SUITE THREADS
# One binary (/tmp/tv-apack), two requests alternating per round:
#   packed: --tiles pack_a=on (A always packed: auto as it was before this change)
#   auto:   --heuristic auto (A read in place where a thread has <= 256 columns)
out=$1; rounds=$2; suite=$3; t=$4
mkdir -p $out
for r in $(seq 1 $rounds); do
  /tmp/tv-apack bench --suite $suite --tiles pack_a=on --threads $t --vs onednn --min-time 0.1 --json $out/packed-t$t-r$r.json > $out/packed-t$t-r$r.txt 2>&1
  /tmp/tv-apack bench --suite $suite --heuristic auto --threads $t --vs onednn --min-time 0.1 --json $out/auto-t$t-r$r.json > $out/auto-t$t-r$r.txt 2>&1
done
