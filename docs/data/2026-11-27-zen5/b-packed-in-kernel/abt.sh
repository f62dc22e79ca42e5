#!/bin/bash
# usage: abt.sh OUTDIR ROUNDS SUITE THREADS TILES BIN...
out=$1; rounds=$2; suite=$3; t=$4; tiles=$5; shift 5
mkdir -p $out
for r in $(seq 1 $rounds); do for b in "$@"; do
  /tmp/tv-$b bench --suite $suite --tiles $tiles --threads $t --vs onednn --min-time 0.1 --json $out/$b-t$t-r$r.json > $out/$b-t$t-r$r.txt 2>&1
done; done
