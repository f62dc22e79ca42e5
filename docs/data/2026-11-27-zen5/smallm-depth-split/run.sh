#!/usr/bin/env bash
# The old (bc6ee26) and new (7515f36) binaries alternating 4 rounds on the
# suite's 15 shapes with m <= 16, engine auto tiles, 2 threads:
#   run.sh OLD_TILEVOLVE NEW_TILEVOLVE OUT_DIR ; python3 analyze.py OUT_DIR
set -euo pipefail
old=$1 new=$2 out=$3
shapes=llama2_7b.decode.q_proj,llama2_7b.decode.mlp_up,llama2_7b.decode.mlp_down,llama2_7b.decode.lm_head,mistral_7b.decode.kv_proj,mistral_7b.decode.mlp_up,mistral_7b.batch8.mlp_down,smollm2_135m.decode.mlp_up,qwen2.5_1.5b.decode.mlp_up,qwen2.5_1.5b.batch16.mlp_down,phi3_mini.decode.qkv_proj,llama3_8b.decode.mlp_down,llama3_8b.batch16.q_proj,smollm2_360m.decode.mlp_up,qwen2.5_0.5b.batch8.mlp_up
mkdir -p "$out"
for r in 1 2 3 4; do
  "$old" bench --heuristic auto --threads 2 --only "$shapes" --min-time 0.1 --json "$out/old-r$r.json" > "$out/old-r$r.txt"
  "$new" bench --heuristic auto --threads 2 --only "$shapes" --min-time 0.1 --json "$out/new-r$r.json" > "$out/new-r$r.txt"
done
