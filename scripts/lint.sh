#!/usr/bin/env bash
# clang-tidy (the checks in .clang-tidy) over the project's own sources, using a
# build directory's compile_commands.json.   scripts/lint.sh [BUILD_DIR]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build_dir=${1:-"$root/build"}
tidy=$(command -v clang-tidy || command -v clang-tidy-14 || true)
if [ -z "$tidy" ]; then
  echo "lint: clang-tidy not found (scripts/install-deps.sh installs it)" >&2
  exit 1
fi
cd "$root"
git ls-files 'src/*.cc' 'apps/*.cc' | xargs -P "$(nproc)" -n 4 "$tidy" -p "$build_dir" --quiet --extra-arg=-Wno-unknown-warning-option
echo "lint: clang-tidy clean"
