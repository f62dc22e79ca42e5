#!/usr/bin/env bash
# generate, old and new binaries alternating: run.sh OLD NEW OUT_DIR [ROUNDS]
# Each run: the built-in baseline heuristic, whole_rows_program.cpp, oneDNN and
# OpenBLAS as engines, prompt 256, 64 new tokens, 2 threads.
set -euo pipefail
old=$1 new=$2 out=$3 rounds=${4:-3}
here=$(cd "$(dirname "$0")" && pwd)
mkdir -p "$out"
for model in smollm2-135m qwen2.5-0.5b; do
  for r in $(seq "$rounds"); do
    for b in old new; do
      bin=$old; [ $b = new ] && bin=$new
      "$bin" generate --model $model --prompt-tokens 256 --new-tokens 64 --threads 2 --baseline \
        --program "$here/whole_rows_program.cpp" --blas onednn,openblas \
        --json "$out/$model-$b-r$r.json" > "$out/$model-$b-r$r.txt" 2>&1
    done
  done
done
