#!/usr/bin/env bash
# One call on a lent GPU machine (issue 6): checks and times the CUDA backend.
#
#   scripts/cuda_device_check.sh [quick|time|all|compare] [BUILD_DIR] [BASE_BENCH]
#
#   quick  device facts, the GPU unit tests, every menu instance against the
#          float64 reference (bf16 and fp16; and the 16-byte ones on aligned
#          copies of misaligned operands), compute-sanitizer (memcheck and
#          racecheck) on a subset, and DefaultTiles vs cuBLAS on the 17 anchor shapes
#   time   the oracle (every candidate config per anchor shape, side by side with
#          cuBLAS) and DefaultTiles vs cuBLAS, with JSON records
#   all    both
#   compare  a kernel change against BASE_BENCH (the bench binary before it):
#          the GPU unit tests, every instance against the reference, memcheck and
#          racecheck of the TMA and stream kernels, then DefaultTiles vs cuBLAS with base and
#          new binary alternating (twice each) and the oracle of each
#   variants  BIN... (after BUILD_DIR): bench binaries of one kernel family's
#          variants, the first the base: the copy bandwidth, each variant's stream
#          instances against the reference (the last one also under memcheck), then the oracle on
#          the decode shapes ($SHAPES) with the binaries alternating, twice
#
# BUILD_DIR (default build-h6) holds binaries built on the development machine
# (carried with the call). If they do not run there, the bench is rebuilt with
# nvcc alone. Logs and JSON go to $OUT (default ./cuda-out).
set -uo pipefail
mode=${1:-quick}
build=${2:-build-h6}
out=${OUT:-cuda-out}
mkdir -p "$out"
export LD_LIBRARY_PATH="/usr/local/cuda/lib64:/usr/local/cuda/lib:${LD_LIBRARY_PATH:-}"
py_cublas=$(python3 -c 'import nvidia.cublas, os; print(os.path.dirname(nvidia.cublas.__file__) + "/lib")' 2>/dev/null || true)
[ -n "$py_cublas" ] && export LD_LIBRARY_PATH="$LD_LIBRARY_PATH:$py_cublas"

bench=$build/bench/cuda/tilevolve-cuda-bench
gemm_test=$build/tests/cuda/tv_cuda_gemm_test
{
  date -u
  nvidia-smi --query-gpu=name,driver_version,memory.total,power.limit,clocks.max.sm,clocks.sm,temperature.gpu --format=csv
  nvcc --version | tail -1
  ldd --version | head -1
} 2>&1 | tee "$out/machine.txt"

"$bench" --usage-probe >/dev/null 2>&1
if [ $? -ne 2 ]; then  # 2: it ran and rejected the argument; else it did not start
  echo "carried binaries do not run here ($(ldd "$bench" 2>&1 | grep 'not found' | head -3)); rebuilding the bench with nvcc"
  mkdir -p /tmp/tvb
  # sm_90a: the wgmma kernels need it, and its code runs on every 9.0 GPU (H100, H200).
  nvcc -std=c++20 -O3 -gencode=arch=compute_90a,code=sm_90a -Isrc -Iinclude -I"$build/carry/include" \
    src/gemm/cuda/*.cu $(ls src/gemm/cuda/*.cc | grep -v _absent.cc) src/device/cuda/*.cc bench/cuda/*.cc \
    examples/gemm_tiling_cuda/initial_program.cpp -lcublas -ldl -o /tmp/tvb/bench 2>&1 | tail -20
  bench=/tmp/tvb/bench
  gemm_test=""
fi

rc=0
step() {  # step NAME COMMAND...: runs, logs to $out/NAME.log, remembers a failure
  local name=$1
  shift
  echo "=== $name: $*"
  local start=$SECONDS
  "$@" >"$out/$name.log" 2>&1
  local status=$?
  tail -n 40 "$out/$name.log"
  echo "=== $name: exit $status in $((SECONDS - start)) s"
  [ $status -eq 0 ] || rc=1
}

if [ "$mode" = quick ] || [ "$mode" = all ]; then
  step info "$bench" --info --json "$out/info.json"
  if [ -n "$gemm_test" ]; then
    step unit_tests bash -c "$build/tests/cuda/tv_cuda_device_info_test && $build/tests/cuda/tv_cuda_legalize_test --gtest_brief=1 && $gemm_test --gtest_brief=1"
  fi
  step check "$bench" --check --json "$out/check.json"
  step check_aligned "$bench" --check --aligned-copies
  step memcheck compute-sanitizer --tool memcheck --leak-check full --error-exitcode 9 \
    "$bench" --check --small-cases --filter 128x128x
  step racecheck compute-sanitizer --tool racecheck --error-exitcode 9 \
    "$bench" --check --small-cases --filter _16x64x
  step suite "$bench" --suite --json "$out/suite.json"
fi
if [ "$mode" = time ] || [ "$mode" = all ]; then
  step oracle "$bench" --oracle --reps 10 --json "$out/oracle.json"
  step suite_again "$bench" --suite --json "$out/suite-again.json"
fi
if [ "$mode" = compare ]; then
  base=${3:?compare needs the bench binary before the change}
  chmod +x "$base"
  if [ -n "$gemm_test" ]; then
    step unit_tests bash -c "$build/tests/cuda/tv_cuda_legalize_test --gtest_brief=1 && $gemm_test --gtest_brief=1"
  fi
  step check "$bench" --check --json "$out/check.json"
  step check_aligned "$bench" --check --aligned-copies
  step memcheck compute-sanitizer --tool memcheck --error-exitcode 9 "$bench" --check --small-cases --filter wgmma_tma
  step memcheck_stream compute-sanitizer --tool memcheck --error-exitcode 9 "$bench" --check --small-cases \
    --filter stream_
  step racecheck compute-sanitizer --tool racecheck --error-exitcode 9 "$bench" --check --small-cases \
    --filter wgmma_tma_bf16_128x128x64_w64x128_s5
  step racecheck_stream compute-sanitizer --tool racecheck --error-exitcode 9 "$bench" --check --small-cases \
    --filter stream_bf16_4x64x32
  step racecheck_stream_mma compute-sanitizer --tool racecheck --error-exitcode 9 "$bench" --check --small-cases \
    --filter stream_mma_bf16_16x32x256
  for round in 1 2; do
    step "suite_base_$round" "$base" --suite --json "$out/suite-base-$round.json"
    step "suite_new_$round" "$bench" --suite --json "$out/suite-new-$round.json"
  done
  step oracle_base "$base" --oracle --reps 10 --json "$out/oracle-base.json"
  step oracle_new "$bench" --oracle --reps 10 --json "$out/oracle-new.json"
fi
if [ "$mode" = variants ]; then
  shift 2
  shapes=${SHAPES:-1x4096x4096,1x14336x4096,1x4096x14336,4x4096x4096,16x4096x4096,1x1536x1536}
  chmod +x "$@"
  step info "$1" --info
  for bin in "${@:2}"; do
    name=$(basename "$bin")
    step "check_$name" "$bin" --check --filter stream_
  done
  step memcheck compute-sanitizer --tool memcheck --error-exitcode 9 "${@: -1}" --check --small-cases \
    --filter stream_
  for round in 1 2; do
    for bin in "$@"; do
      name=$(basename "$bin")
      step "oracle_${name}_$round" "$bin" --oracle --reps 10 --shapes "$shapes" --json "$out/oracle-$name-$round.json"
    done
  done
  # The per-file limit of what comes back: logs and JSON in one archive.
  tar -C "$out" -czf /tmp/variants.tar.gz . && find "$out" -type f ! -name machine.txt -delete &&
    mv /tmp/variants.tar.gz "$out/"
fi
nvidia-smi --query-gpu=clocks.sm,temperature.gpu,power.draw,clocks_event_reasons.active --format=csv 2>&1 | tee -a "$out/machine.txt"
exit $rc
