// Whole-suite timing on the GPU, for `tilevolve bench|oracle|eval --backend
// cuda`: every shape's operands, reference and check are made once, then the
// contenders (our kernel with the chooser's tiles, cuBLAS, or every oracle
// candidate) go through CompareOnGpu side by side.
//
//   auto gemm = CudaGemm::Create();  auto cublas = CublasGemm::Create((*gemm)->stream());
//   TileChooser chooser = [&](int64_t m, int64_t n, int64_t k, const tv_device_info& d) { ... };
//   Result<std::vector<SuiteShapeResult>> r = TimeSuite(**gemm, cublas->get(), shapes, chooser, {});
//   // r[i].ours.median_us, r[i].cublas.median_us, r[i].speedup_vs_cublas
#pragma once

#include <cstdint>
#include <functional>
#include <span>
#include <string>
#include <vector>

#include "core/status.h"
#include "gemm/cuda/cublas_gemm.h"
#include "gemm/cuda/cuda_gemm.h"
#include "gemm/cuda/gpu_operands.h"
#include "gemm/cuda/gpu_timing.h"
#include "gemm/cuda/legalize.h"

namespace tv::gemm::cuda {

struct CudaSuiteShape {
  std::string name;
  int64_t m = 0;
  int64_t n = 0;
  int64_t k = 0;
};

// Maps a problem to tiles (a heuristic: the evolved program, DefaultTiles, ...).
using TileChooser =
    std::function<tv_tile_config(int64_t m, int64_t n, int64_t k, const tv_device_info& device)>;

struct SuiteOptions {
  DType dtype = DType::kBf16;
  GpuMeasureOptions measure;
  OperandOptions operands;
};

struct SuiteShapeResult {
  CudaSuiteShape shape;
  std::string config;      // ConfigName of the legalized tiles ("" when legalizing failed)
  tv_tile_config tiles{};  // the legalized tiles (ToTileConfig)
  GpuTiming ours;
  GpuTiming cublas;              // status Unavailable when no peer was given
  double speedup_vs_cublas = 0;  // median paired time_cublas / time_ours (> 1: ours is faster); 0 if untimed
};

// One record per shape, in order. A shape whose setup fails (legalize, memory)
// carries that Status in `ours`; the suite goes on.
// Result fails only when the GPU itself fails (e.g. the reference cannot run).
Result<std::vector<SuiteShapeResult>> TimeSuite(CudaGemm& gemm, CublasGemm* cublas,
                                                std::span<const CudaSuiteShape> shapes,
                                                const TileChooser& chooser, const SuiteOptions& options);

// The oracle's search space for one problem: every instance that can run it
// with the widest copy the operands allow, times split-K in {1, 2, 4, 8, 16}
// (splits only where the grid has fewer than 2 CTAs per SM and each split
// keeps >= 4 k tiles), swizzle as DefaultTiles sets it. Where the operands do
// not allow 16-byte copies, both ways: as they are (pack_b off) and through
// aligned copies with the 16-byte menu (pack_b on).
std::vector<LegalConfig> OracleCandidates(const CudaProblem& problem, const tv_device_info& device);

struct OracleShapeResult {
  CudaSuiteShape shape;
  std::vector<GpuTiming> configs;  // one per candidate, name = ConfigName
  int best = -1;                   // index of the fastest timed candidate
  GpuTiming cublas;
};

// Times every OracleCandidates config of every shape (and cuBLAS when given).
Result<std::vector<OracleShapeResult>> OracleSuite(CudaGemm& gemm, CublasGemm* cublas,
                                                   std::span<const CudaSuiteShape> shapes,
                                                   const SuiteOptions& options);

}  // namespace tv::gemm::cuda
