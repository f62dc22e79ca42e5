#!/usr/bin/env bash
# Configures and builds tilevolve into a build directory.
#   scripts/build.sh [BUILD_DIR] [extra cmake args...]
# A unity build (16 sources per compiler run): the whole build takes about half
# the CPU time of one compiler run per file, which is what a fresh clone and CI
# (2 cores, 30 minutes for two builds) pay. For edit-compile loops pass
# -DCMAKE_UNITY_BUILD=OFF, which also catches a file that misses an #include.
# File-local names must therefore be unique within a library or test binary.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build_dir=${1:-"$root/build"}
shift || true
cmake -S "$root" -B "$build_dir" -G Ninja -DCMAKE_BUILD_TYPE=Release \
  -DCMAKE_UNITY_BUILD=ON -DCMAKE_UNITY_BUILD_BATCH_SIZE=16 "$@" >/dev/null
cmake --build "$build_dir" -j "$(nproc)"
