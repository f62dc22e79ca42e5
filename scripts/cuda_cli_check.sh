#!/usr/bin/env bash
# The `tilevolve` command line on a lent GPU machine (issue 6): bench, oracle,
# eval and evolve with --backend cuda, with the binaries built here.
#
#   scripts/cuda_cli_check.sh pack [BUILD_DIR]      (here) BUILD_DIR/devpack/tilevolve-pack.tar.xz:
#                                                   tilevolve, its heuristic host, the CUDA tests and
#                                                   the shared libraries they need that a bare CUDA
#                                                   image lacks (yaml-cpp, SQLite, OpenBLAS, oneDNN, ...)
#   scripts/cuda_cli_check.sh cli [BUILD_DIR]       (there) GPU tests, bench --vs cublas (2 passes),
#                                                   oracle, bench with the oracle's tiles, eval
#   scripts/cuda_cli_check.sh evolve [BUILD_DIR] [ITERATIONS] [SECONDS]
#                                                   (there) a short evolution of the CUDA example
#                                                   (default 1500 iterations, stopped after SECONDS,
#                                                   default 300), its report, eval and bench of the best
#   scripts/cuda_cli_check.sh all [BUILD_DIR] [ITERATIONS] [SECONDS]    cli, then evolve
#   scripts/cuda_cli_check.sh oracle [BUILD_DIR]    (there) the oracle alone
#
# SUITE=NAME (default: the example config's suite) is the suite of every
# step; SEED=N replaces the example config's random_seed.
#
# On the GPU machine, carry BUILD_DIR/devpack. Logs, JSON, the best program and
# the report are packed into $OUT/cuda-cli-<mode>.tar.gz (the tool brings back
# at most 8 files); the main log is $OUT/<mode>.log.
set -uo pipefail
mode=${1:-cli}
build=${2:-build-cuda}
pack_dir=$build/devpack

if [ "$mode" = pack ]; then
  set -e
  stage=$(mktemp -d)
  mkdir -p "$stage/bin" "$stage/lib" "$pack_dir"
  bins="$build/apps/tilevolve/tilevolve $build/apps/tilevolve/tilevolve-heuristic-host"
  for t in tv_cuda_gemm_test tv_cuda_legalize_test tv_cuda_evaluator_test tv_cuda_cli_test; do
    [ -x "$build/tests/cuda/$t" ] && bins="$bins $build/tests/cuda/$t"
  done
  [ -x "$build/tests/evolve/tv_heuristic_probe_test" ] && bins="$bins $build/tests/evolve/tv_heuristic_probe_test"
  cp $bins "$stage/bin/"
  # Every library the binaries load, except the C runtime and CUDA's own (the image has newer ones).
  for b in $bins; do ldd "$b"; done | awk '/=> \//{print $3}' | sort -u |
    grep -Ev '/(libc|libm|libdl|librt|libpthread|libresolv|libstdc\+\+|libgcc_s|ld-linux-x86-64|libcuda|libcublas|libcublasLt|libcudart)\.so' |
    while read -r lib; do cp -L "$lib" "$stage/lib/"; done
  tar -C "$stage" -cJf "$pack_dir/tilevolve-pack.tar.xz" bin lib
  rm -rf "$stage"
  ls -l "$pack_dir"
  exit 0
fi

out=${OUT:-cuda-cli-out}
mkdir -p "$out"
work=/tmp/tvcli
results=$work/results
rm -rf "$results"  # a warm machine keeps /tmp between calls
mkdir -p "$work" "$results"
main_log=$out/$mode.log
exec > >(tee "$main_log") 2>&1

tar -C "$work" -xJf "$pack_dir/tilevolve-pack.tar.xz" || { echo "cannot unpack $pack_dir/tilevolve-pack.tar.xz"; exit 1; }
export LD_LIBRARY_PATH="$work/lib:/usr/local/cuda/lib64:/usr/local/cuda/lib:${LD_LIBRARY_PATH:-}"
py_cublas=$(python3 -c 'import nvidia.cublas, os; print(os.path.dirname(nvidia.cublas.__file__) + "/lib")' 2>/dev/null || true)
[ -n "$py_cublas" ] && export LD_LIBRARY_PATH="$LD_LIBRARY_PATH:$py_cublas"
export TILEVOLVE_SUITES_DIR=$PWD/suites
# The tests have the development machine's paths compiled in (/work/main/BUILD_DIR/...).
if [ "$PWD" != /work/main ] && [ ! -e /work/main ]; then mkdir -p /work && ln -s "$PWD" /work/main; fi
mkdir -p "$build/apps/tilevolve" "$build/tests/cuda" "$build/tests/evolve"
cp "$work/bin/tilevolve" "$build/apps/tilevolve/"
cp "$work/bin/tilevolve-heuristic-host" "$build/apps/tilevolve/"
for t in "$work"/bin/tv_cuda_*; do cp "$t" "$build/tests/cuda/"; done
[ -x "$work/bin/tv_heuristic_probe_test" ] && cp "$work/bin/tv_heuristic_probe_test" "$build/tests/evolve/"
tv=$PWD/$build/apps/tilevolve/tilevolve
config=examples/gemm_tiling_cuda/config.yaml
suite=${SUITE:-$(awk '/^suite:/{print $2}' "$config")}
if [ -n "${SUITE:-}" ] || [ -n "${SEED:-}" ]; then  # a copy of the example's config with them
  seed_edit=()
  [ -n "${SEED:-}" ] && seed_edit=(-e "s/^random_seed: [0-9]*/random_seed: $SEED/")
  sed -e "s/^suite: [^ ]*/suite: $suite/" "${seed_edit[@]}" "$config" >"$work/config.yaml"
  config=$work/config.yaml
fi
echo "suite $suite, config $config: $(grep -E '^(suite|random_seed):' "$config" | tr '\n' ' ')"

rc=0
step() {  # step NAME COMMAND...: runs, logs to $results/NAME.log, remembers a failure
  local name=$1
  shift
  echo "=== $name: $*"
  local start=$SECONDS
  "$@" >"$results/$name.log" 2>&1
  local status=$?
  tail -n 60 "$results/$name.log"
  echo "=== $name: exit $status in $((SECONDS - start)) s"
  [ $status -eq 0 ] || rc=1
}

{
  date -u
  nvidia-smi --query-gpu=name,driver_version,memory.total,power.limit,clocks.max.sm,clocks.sm,temperature.gpu --format=csv
  c++ --version | head -1
  ldd --version | head -1
  nproc
} 2>&1 | tee "$results/machine.txt"
missing=$(ldd "$tv" | grep 'not found')
[ -n "$missing" ] && echo "tilevolve cannot start here: $missing"

if [ "$mode" = cli ] || [ "$mode" = all ]; then
  step info "$tv" info
  step test_legalize "$build/tests/cuda/tv_cuda_legalize_test"
  step test_gemm "$build/tests/cuda/tv_cuda_gemm_test"
  step test_evaluator "$build/tests/cuda/tv_cuda_evaluator_test"
  step test_cli "$build/tests/cuda/tv_cuda_cli_test"
  [ -x "$build/tests/evolve/tv_heuristic_probe_test" ] && step test_probe "$build/tests/evolve/tv_heuristic_probe_test"
  step bench_pass1 "$tv" bench --backend cuda --suite "$suite" --vs cublas --json "$results/bench_pass1.json"
  step bench_pass2 "$tv" bench --backend cuda --suite "$suite" --vs cublas --json "$results/bench_pass2.json"
fi
if [ "$mode" = cli ] || [ "$mode" = all ] || [ "$mode" = oracle ]; then
  step oracle "$tv" oracle --backend cuda --suite "$suite" --json "$results/oracle.json"
fi
if [ "$mode" = cli ] || [ "$mode" = all ]; then
  step bench_oracle_tiles "$tv" bench --backend cuda --suite "$suite" --vs cublas --tiles-file "$results/oracle.json" \
    --json "$results/bench_oracle_tiles.json"
  step eval_initial "$tv" eval examples/gemm_tiling_cuda/initial_program.cpp --backend cuda --suite "$suite" \
    --json "$results/eval_initial.json"
  step bench_initial "$tv" bench --backend cuda --suite "$suite" --vs cublas \
    --program examples/gemm_tiling_cuda/initial_program.cpp --json "$results/bench_initial.json"
fi

if [ "$mode" = evolve ] || [ "$mode" = all ]; then
  iterations=${3:-1500}
  seconds=${4:-300}
  run=$work/run-$(date +%s)  # a fresh run each call
  echo "=== evolve: $iterations iterations, stopped after $seconds s"
  start=$SECONDS
  timeout --signal=INT --kill-after=20 "$seconds" "$tv" evolve examples/gemm_tiling_cuda/initial_program.cpp \
    --config "$config" --iterations "$iterations" --output "$run" \
    >"$results/evolve.log" 2>&1
  echo "=== evolve: exit $? in $((SECONDS - start)) s"
  tail -n 80 "$results/evolve.log"
  [ -f "$run/report.html" ] || step report "$tv" report "$run"
  if [ -f "$run/best/best_program.cpp" ]; then
    cp "$run/best/best_program.cpp" "$run/best/best_program_info.json" "$results/" 2>/dev/null
    step eval_best "$tv" eval "$run/best/best_program.cpp" --backend cuda --suite "$suite" \
      --json "$results/eval_best.json"
    step bench_best "$tv" bench --backend cuda --suite "$suite" --vs cublas --program "$run/best/best_program.cpp" \
      --json "$results/bench_best.json"
  fi
  ls -la "$run" "$run/best"
  cp "$run/report.html" "$results/" 2>/dev/null
  cp "$run/tilevolve.db" "$results/" 2>/dev/null
  cp -r "$run/logs" "$results/run_logs" 2>/dev/null
fi

nvidia-smi --query-gpu=clocks.sm,temperature.gpu,power.draw,clocks_event_reasons.active --format=csv 2>&1 |
  tee -a "$results/machine.txt"
tar -C "$work" -czf "$out/cuda-cli-$mode.tar.gz" results
echo "rc=$rc"
exit $rc
