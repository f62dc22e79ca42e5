#!/usr/bin/env bash
# The main job on the embedded default (CPU backend, offline mutator, no LLM):
# installs what is missing, builds, describes this machine, evolves the tiling
# heuristic of examples/gemm_tiling/ on the transformer suite, writes the HTML
# report of the run, and scores the evolved program against the built-in
# baseline on the train and held-out shapes.
#
# Run it again to continue the same run (it resumes); TV_ITERATIONS (default
# 200) is the run's total number of iterations. Extra arguments go to
# `tilevolve evolve`.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
"$root/scripts/install-deps.sh"
"$root/scripts/build.sh" "$root/build"
tilevolve="$root/build/apps/tilevolve/tilevolve"
out="$root/tilevolve_output"

"$tilevolve" info
resume=()
{ [ -f "$out/tilevolve.db" ] || [ -f "$out/evolution.sqlite" ]; } && resume=(--resume)  # evolution.sqlite: runs of before 2026-11-26
"$tilevolve" evolve "$root/examples/gemm_tiling/initial_program.cpp" \
  --config "$root/examples/gemm_tiling/config.yaml" --iterations "${TV_ITERATIONS:-200}" \
  --output "$out" "${resume[@]}" "$@"
"$tilevolve" report "$out" -o "$out/report.html"
"$tilevolve" eval "$out/best/best_program.cpp" --json "$out/best/eval.json"
echo "best program: $out/best/best_program.cpp; report: $out/report.html"
