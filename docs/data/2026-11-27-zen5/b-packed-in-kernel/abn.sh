#!/bin/bash
# usage: abn.sh OUTDIR ROUNDS SUITE THREADS BIN...
out=$1; rounds=$2; suite=$3; t=$4; shift 4
mkdir -p $out
for r in $(seq 1 $rounds); do for b in "$@"; do
  /tmp/tv-$b bench --suite $suite --heuristic auto --threads $t --vs onednn --min-time 0.1 --json $out/$b-t$t-r$r.json > $out/$b-t$t-r$r.txt 2>&1
done; done
