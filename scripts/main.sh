#!/usr/bin/env bash
# The main job on the embedded default: installs what is missing, builds, then
# describes this machine and benchmarks the CPU GEMM on the transformer suite
# side by side with OpenBLAS. Extra arguments go to `tilevolve bench`.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
"$root/scripts/install-deps.sh"
"$root/scripts/build.sh" "$root/build"
"$root/build/apps/tilevolve/tilevolve" info
"$root/build/apps/tilevolve/tilevolve" bench --suite transformer --vs openblas \
  --json "$root/build/bench-transformer.json" "$@"
echo "records written to build/bench-transformer.json"
