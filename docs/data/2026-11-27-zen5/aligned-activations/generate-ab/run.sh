#!/bin/bash
for r in 1 2 3 4; do for v in old new; do
  ./$v/tilevolve generate --model qwen2.5-0.5b --prompt-tokens 256 --new-tokens 8 --baseline --blas onednn --threads 2 --json q-$v-$r.json > q-$v-$r.txt 2>&1
done; done
