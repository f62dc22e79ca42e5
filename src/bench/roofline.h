// This machine's ceilings, measured rather than assumed: the FMA peak (GFLOP/s)
// and the DRAM read bandwidth (GB/s) at a given thread count. Ceilings are the
// best of a few trials: interference from other processes only lowers a trial.
#pragma once

#include <cstdint>
#include <string>

#include "core/status.h"
#include "gemm/cpu/cpu_gemm.h"
#include "tilevolve/device_info.h"

namespace tv::bench {

struct RooflineOptions {
  double fma_seconds = 0.1;  // per FMA trial, per thread
  int fma_trials = 3;
  int64_t bandwidth_bytes = int64_t{1} << 30;  // buffer read per bandwidth trial (split over threads)
  int bandwidth_trials = 5;
};

struct Roofline {
  int threads = 0;
  std::string isa;           // "avx512", "avx2" or "portable": the vectors the loops used
  double fma_gflops = 0;     // fp32 FLOP/s / 1e9 (an FMA counts 2)
  double dram_read_gbs = 0;  // bytes read / s / 1e9
};

// The roofline's loops of one ISA (bench/roofline_kernels.h), shared with the
// ceilings timed beside a GEMM (bench/operand_read.h, bench/fma_beside.h).
struct RooflineLoops {
  const char* name;  // "avx512", "avx2" or "portable"
  int lanes;         // floats per vector
  float (*fma)(int64_t iterations);
  float (*sum)(const float* data, int64_t count, int streams);
};

// kAvx512 and kAvx2: that ISA's loops (the CPU must have it); anything else the portable ones.
RooflineLoops RooflineLoopsFor(gemm::Isa isa);

// The widest ISA the device info says is usable: "avx512", "avx2" (with FMA) or "portable".
const char* RooflineIsa(const tv_device_info& device);

// REQUIRES: threads >= 1. Runs the threads at once, one per core the OS gives.
Result<Roofline> MeasureRoofline(const tv_device_info& device, int threads, const RooflineOptions& options);

}  // namespace tv::bench
