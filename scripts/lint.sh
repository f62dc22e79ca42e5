#!/usr/bin/env bash
# clang-tidy (the checks in .clang-tidy) over the project's own sources, using a
# build directory's compile_commands.json.   scripts/lint.sh [BUILD_DIR]
# A unity build's database names the combined files, not the sources, so for
# one (scripts/build.sh makes them) the per-file database is configured, not
# built, beside it in BUILD_DIR-lint.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build_dir=${1:-"$root/build"}
tidy=$(command -v clang-tidy || command -v clang-tidy-14 || true)
if [ -z "$tidy" ]; then
  echo "lint: clang-tidy not found (scripts/install-deps.sh installs it)" >&2
  exit 1
fi
cd "$root"
if grep -Eq '^CMAKE_UNITY_BUILD:[A-Z]+=(ON|1|TRUE|YES)$' "$build_dir/CMakeCache.txt" 2>/dev/null; then
  cmake -S "$root" -B "$build_dir-lint" -G Ninja -DCMAKE_BUILD_TYPE=Release -DCMAKE_UNITY_BUILD=OFF \
    -DCMAKE_EXPORT_COMPILE_COMMANDS=ON >/dev/null
  build_dir="$build_dir-lint"
fi
git ls-files 'src/*.cc' 'apps/*.cc' | xargs -P "$(nproc)" -n 4 "$tidy" -p "$build_dir" --quiet --extra-arg=-Wno-unknown-warning-option
echo "lint: clang-tidy clean"
