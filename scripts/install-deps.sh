#!/usr/bin/env bash
# Installs every build and run dependency of tilevolve from Debian 12 packages.
# Idempotent: skips apt entirely when everything is already installed.
set -euo pipefail

packages=(
  ca-certificates g++ cmake ninja-build pkg-config git
  libopenblas-dev libdnnl-dev           # peers: OpenBLAS (cblas), oneDNN (dnnl_sgemm)
  libyaml-cpp-dev nlohmann-json3-dev libcli11-dev
  libsqlite3-dev libcurl4-openssl-dev
  libgtest-dev libgmock-dev libbenchmark-dev
  clang-format clang-tidy               # the clang_format test, scripts/lint.sh
  python3                               # examples/function_fit (an evaluator in another language)
  python3-numpy                         # the drop-in BLAS test: numpy's matmuls under LD_PRELOAD
  libopenmpi-dev openmpi-bin            # `evolve --distributed mpi` (src/distributed)
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

sudo_cmd=()
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null || { echo "install-deps: need root or sudo to install: ${missing[*]}" >&2; exit 1; }
  sudo_cmd=(sudo)
fi
echo "install-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
"${sudo_cmd[@]}" apt-get update -qq
"${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
