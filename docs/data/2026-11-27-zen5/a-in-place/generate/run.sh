#!/bin/bash
# 7deb56e (/tmp/tv-apack2): prefill 256 tokens, 8 new, 2 threads, baseline heuristic, oneDNN beside, 3 rounds
for r in 1 2 3; do for m in qwen2.5-0.5b smollm2-135m; do
  /tmp/tv-apack2 generate --model $m --prompt-tokens 256 --new-tokens 8 --threads 2 --baseline --blas onednn --json $(dirname $0)/$m-r$r.json > $(dirname $0)/$m-r$r.txt 2>&1
done; done
