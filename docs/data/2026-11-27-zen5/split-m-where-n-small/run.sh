#!/usr/bin/env bash
# `tilevolve bench --heuristic auto --threads 2 --vs onednn` on blocked-path
# shapes (../c-prefetch/suite.yaml, analysed by ../c-prefetch/analyze.py), the
# binary before (2495159: auto splits N unless N has too few kernel panels) and
# after (auto splits M where n < m and m has two
# kernel panels a thread) alternating, 3 rounds; 1 thread is not affected.
#   run.sh BASE_BINARY NEW_BINARY OUT_DIR
set -euo pipefail
base=$1 new=$2 out=$3
shared=$(cd "$(dirname "$0")/../c-prefetch" && pwd)
mkdir -p "$out"
for r in 1 2 3; do
  for b in base new; do
    bin=$base; [ $b = new ] && bin=$new
    "$bin" bench --suite "$shared/suite.yaml" --heuristic auto --threads 2 --vs onednn --min-time 0.1 \
      --json "$out/$b-t2-r$r.json" > "$out/$b-t2-r$r.txt" 2>&1
  done
done
python3 "$shared/analyze.py" "$out"
