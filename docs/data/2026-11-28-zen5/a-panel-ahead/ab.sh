#!/bin/bash
# The binaries before (tv_old, 2176c1e) and after (tv_new) the packed-A
# requests, alternating: qwen2.5-0.5b's m = 256 products at 1 and 2 threads,
# 512x4096x4096 at 1 thread, and `generate` on qwen2.5-0.5b at 2 threads.
set -u
cd "$(dirname "$0")"
for r in 1 2 3; do
  for b in old new; do
    for t in 1 2; do
      /tmp/pf/tv_$b bench --suite qwen.yaml --heuristic auto --threads $t --vs onednn --min-time 0.2 \
        --json ab/qwen-t$t-r$r-$b.json > ab/qwen-t$t-r$r-$b.txt 2>&1
    done
    /tmp/pf/tv_$b bench --suite big.yaml --heuristic auto --threads 1 --vs onednn --min-time 0.5 \
      --json ab/big-r$r-$b.json > ab/big-r$r-$b.txt 2>&1
  done
done
for r in 1 2; do
  for b in old new; do
    /tmp/pf/tv_$b generate --model qwen2.5-0.5b --prompt-tokens 256 --new-tokens 8 --threads 2 --baseline \
      --blas onednn --json ab/gen-r$r-$b.json > ab/gen-r$r-$b.txt 2>&1
  done
done
