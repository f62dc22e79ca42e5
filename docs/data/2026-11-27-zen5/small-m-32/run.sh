#!/usr/bin/env bash
# `tilevolve bench --heuristic auto` on m = 12..32 shapes, the binary before
# (small-M path up to 16 rows, kc 64) and after (up to 32 rows where B is
# large, kc 256 above 8 rows) alternating: run.sh BASE NEW OUT_DIR
set -euo pipefail
base=$1 new=$2 out=$3
here=$(cd "$(dirname "$0")" && pwd)
mkdir -p "$out"
for t in 2 1; do
  for r in 1 2 3; do
    for b in base m32; do
      bin=$base; [ $b = m32 ] && bin=$new
      "$bin" bench --suite "$here/suite.yaml" --heuristic auto --threads $t --vs onednn \
        --json "$out/$b-t$t-r$r.json" > "$out/$b-t$t-r$r.txt" 2>&1
    done
  done
done
python3 "$here/analyze.py" "$out"
