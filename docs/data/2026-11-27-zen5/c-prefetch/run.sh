#!/usr/bin/env bash
# `tilevolve bench --heuristic auto --vs onednn` on blocked-path shapes (suite.yaml),
# the binary before (02c5abb: every C block requested at once before the k
# loop, auto kernel 6x32) and after (C blocks of more than 16 lines requested
# one line per four steps of k; auto kernel 8x48 on one thread where it pads
# little) alternating:
#   run.sh BASE_BINARY NEW_BINARY OUT_DIR
set -euo pipefail
base=$1 new=$2 out=$3
here=$(cd "$(dirname "$0")" && pwd)
mkdir -p "$out"
for t in 1 2; do
  for r in 1 2 3; do
    for b in base new; do
      bin=$base; [ $b = new ] && bin=$new
      "$bin" bench --suite "$here/suite.yaml" --heuristic auto --threads $t --vs onednn --min-time 0.1 \
        --json "$out/$b-t$t-r$r.json" > "$out/$b-t$t-r$r.txt" 2>&1
    done
  done
done
python3 "$here/analyze.py" "$out"
